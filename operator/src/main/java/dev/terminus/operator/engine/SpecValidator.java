package dev.terminus.operator.engine;

import dev.terminus.crd.v1alpha1.Api;
import dev.terminus.crd.v1alpha1.Budget;
import dev.terminus.crd.v1alpha1.Credentials;
import dev.terminus.crd.v1alpha1.EnvVarSpec;
import dev.terminus.crd.v1alpha1.NodeDefaults;
import dev.terminus.crd.v1alpha1.NodeSpec;
import dev.terminus.crd.v1alpha1.RetryPolicy;
import dev.terminus.crd.v1alpha1.SecretKeyRef;
import dev.terminus.crd.v1alpha1.WorkflowExecutionSpec;
import dev.terminus.crd.v1alpha1.WorkflowRef;
import dev.terminus.crd.v1alpha1.WorkflowSpec;
import dev.terminus.protocol.WorkerEnv;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds everything wrong with a spec at once, so a person fixes it in one round instead of one
 * error at a time. The CRD schema already rejects much of this at admission; the validator also
 * checks what a schema cannot express (unique names, known dependencies, no cycles, what each node
 * type needs) and guards specs that reach the operator some other way.
 *
 * <p>Never throws: a null anywhere is reported as a problem. Problems come in a stable order: spec
 * fields, then the workflow's, then each node in order, then cycles by their first node name.
 */
public final class SpecValidator {

  /** Environment variables Terminus sets in node containers; user variables may not use it. */
  static final String RESERVED_ENV_PREFIX = WorkerEnv.PREFIX;

  private static final Pattern DNS_LABEL = Pattern.compile(Api.DNS_LABEL);
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile(Api.DNS_SUBDOMAIN);
  private static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");
  private static final Pattern SECRET_KEY = Pattern.compile("^[-._a-zA-Z0-9]+$");
  private static final int MAX_LABEL_LENGTH = 63;
  private static final int MAX_SUBDOMAIN_LENGTH = 253;
  private static final Set<String> COMPONENTS = Set.of("command", "http", "llm");

  private SpecValidator() {}

  /**
   * Validates a WorkflowExecution's name. Kubernetes names may have 253 characters, but an
   * execution's is the value of the label {@value Api#LABEL_EXECUTION} on its Jobs and Pods, which
   * may have at most 63: with a longer one, every Job create would be refused (422). The CRD's
   * schema refuses such a name at admission (a CEL rule); this catches it where no CEL runs (the
   * embedded API server, older clusters).
   */
  public static List<Problem> validateName(String name) {
    if (name != null && name.length() > Api.MAX_EXECUTION_NAME) {
      return List.of(
          new Problem(
              "metadata.name",
              "has "
                  + name.length()
                  + " characters; at most "
                  + Api.MAX_EXECUTION_NAME
                  + ": it is the value of the label "
                  + Api.LABEL_EXECUTION
                  + " on the execution's Jobs"));
    }
    return List.of();
  }

  /** Validates a WorkflowExecution's spec, including its inline workflow. */
  public static List<Problem> validate(WorkflowExecutionSpec spec) {
    if (spec == null) {
      return List.of(new Problem("spec", "is required"));
    }
    Problems problems = new Problems();
    checkWorkflowSource(spec, problems);
    if (spec.workflow() != null) {
      checkWorkflow(spec.workflow(), "spec.workflow", problems);
    }
    problems.atLeastOne("spec.activeDeadlineSeconds", spec.activeDeadlineSeconds());
    checkBudget(spec.budget(), "spec.budget", problems);
    problems.notNegative("spec.ttlSecondsAfterFinished", spec.ttlSecondsAfterFinished());
    return problems.list();
  }

  /** Validates a Workflow's spec, with fields under {@code spec.}. */
  public static List<Problem> validate(WorkflowSpec workflow) {
    Problems problems = new Problems();
    checkWorkflow(workflow, "spec", problems);
    return problems.list();
  }

  // ---------------------------------------------------------------------------------------------
  // The execution.

  private static void checkWorkflowSource(WorkflowExecutionSpec spec, Problems problems) {
    if (spec.workflowRef() == null && spec.workflow() == null) {
      problems.add("spec", "set one of workflowRef and workflow");
    } else if (spec.workflowRef() != null && spec.workflow() != null) {
      problems.add("spec", "set only one of workflowRef and workflow, not both");
    }
    if (spec.workflowRef() != null) {
      checkWorkflowRef(spec.workflowRef(), "spec.workflowRef", problems);
    }
  }

  private static void checkWorkflowRef(WorkflowRef ref, String path, Problems problems) {
    problems.subdomain(path + ".name", ref.name(), "Workflow name");
  }

  private static void checkBudget(Budget budget, String path, Problems problems) {
    if (budget == null) {
      return;
    }
    problems.budgetLimit(path + ".maxTokens", budget.maxTokens());
    problems.budgetLimit(path + ".maxCostMicros", budget.maxCostMicros());
    problems.budgetLimit(path + ".maxNodeAttempts", budget.maxNodeAttempts());
  }

  // ---------------------------------------------------------------------------------------------
  // The workflow and its nodes.

  private static void checkWorkflow(WorkflowSpec workflow, String path, Problems problems) {
    if (workflow == null) {
      problems.add(path, "is required");
      return;
    }
    problems.atLeastOne(path + ".parallelism", workflow.parallelism());
    checkDefaults(workflow.defaults(), path + ".defaults", problems);
    checkNodes(workflow, path + ".nodes", problems);
  }

  private static void checkDefaults(NodeDefaults defaults, String path, Problems problems) {
    if (defaults == null) {
      return;
    }
    problems.atLeastOne(path + ".activeDeadlineSeconds", defaults.activeDeadlineSeconds());
    problems.atLeastOne(path + ".pendingTimeoutSeconds", defaults.pendingTimeoutSeconds());
    checkRetry(defaults.retry(), path + ".retry", problems);
  }

  private static void checkNodes(WorkflowSpec workflow, String path, Problems problems) {
    List<NodeSpec> nodes = workflow.nodes();
    if (nodes == null || nodes.isEmpty()) {
      problems.add(path, "must declare at least one node");
      return;
    }
    if (nodes.size() > Api.MAX_NODES) {
      problems.add(
          path, "declares " + nodes.size() + " nodes; at most " + Api.MAX_NODES + " are allowed");
    }
    Set<String> names =
        nodes.stream()
            .filter(Objects::nonNull)
            .map(NodeSpec::name)
            .filter(Objects::nonNull)
            .collect(Collectors.toSet());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < nodes.size(); i++) {
      NodeSpec node = nodes.get(i);
      String nodePath = path + "[" + i + "]";
      if (node == null) {
        problems.add(nodePath, "must not be null");
        continue;
      }
      checkNodeName(node.name(), nodePath + ".name", seen, problems);
      checkNodeType(node, workflow.defaultsOrEmpty(), nodePath, problems);
      checkNodeNumbers(node, nodePath, problems);
      checkRetry(node.retry(), nodePath + ".retry", problems);
      checkCredentials(node.credentials(), nodePath + ".credentials", problems);
      checkEnv(node, nodePath + ".env", problems);
      checkDependsOn(node, nodePath + ".dependsOn", names, problems);
    }
    checkCycles(nodes, path, problems);
  }

  private static void checkNodeName(String name, String path, Set<String> seen, Problems problems) {
    if (isBlank(name)) {
      problems.add(path, "is required");
    } else if (name.length() > MAX_LABEL_LENGTH) {
      problems.add(path, quote(name) + " is longer than " + MAX_LABEL_LENGTH + " characters");
    } else if (!DNS_LABEL.matcher(name).matches()) {
      problems.add(
          path,
          quote(name)
              + " is not a valid node name: use lowercase letters, digits and '-', starting and"
              + " ending with a letter or digit (a DNS-1123 label)");
    }
    if (name != null && !seen.add(name)) {
      problems.add(path, "duplicate node name " + quote(name) + ": node names must be unique");
    }
  }

  /** What each kind of node needs to be able to run, and to end. */
  private static void checkNodeType(
      NodeSpec node, NodeDefaults defaults, String path, Problems problems) {
    switch (node.typeOrDefault()) {
      case JOB -> {
        boolean hasImage = !isBlank(node.image()) || !isBlank(defaults.image());
        if (!hasImage && node.component() == null) {
          // Component nodes run the operator's configured worker image.
          problems.add(
              path,
              "job node "
                  + quote(node.name())
                  + " needs an image (image or defaults.image) or a component");
        }
        if (node.component() != null && !COMPONENTS.contains(node.component())) {
          problems.add(
              path + ".component",
              "unknown component " + quote(node.component()) + ": use command, http or llm");
        }
      }
      case APPROVAL -> {
        if (node.timeoutSeconds() == null) {
          problems.add(
              path + ".timeoutSeconds",
              "approval nodes must set timeoutSeconds so they cannot wait forever");
        }
      }
      case WORKFLOW -> {
        if (node.workflowRef() == null && node.workflow() == null) {
          problems.add(
              path + ".workflowRef",
              "workflow nodes must set workflowRef or workflow: what the child execution runs");
        } else if (node.workflowRef() != null && node.workflow() != null) {
          problems.add(path + ".workflow", "set only one of workflowRef and workflow, not both");
        } else if (node.workflowRef() != null) {
          checkWorkflowRef(node.workflowRef(), path + ".workflowRef", problems);
        } else if (!node.workflow().isObject()) {
          problems.add(path + ".workflow", "must be an object with the schema of Workflow.spec");
        }
      }
    }
  }

  /** Deadlines and timeouts of zero or less would end a node before it starts. */
  private static void checkNodeNumbers(NodeSpec node, String path, Problems problems) {
    problems.atLeastOne(path + ".activeDeadlineSeconds", node.activeDeadlineSeconds());
    problems.atLeastOne(path + ".heartbeatTimeoutSeconds", node.heartbeatTimeoutSeconds());
    problems.atLeastOne(path + ".pendingTimeoutSeconds", node.pendingTimeoutSeconds());
    problems.atLeastOne(path + ".timeoutSeconds", node.timeoutSeconds());
  }

  private static void checkRetry(RetryPolicy retry, String path, Problems problems) {
    if (retry == null) {
      return;
    }
    problems.notNegative(path + ".limit", retry.limit());
    problems.notNegative(path + ".backoffSeconds", retry.backoffSeconds());
    Double factor = retry.factor();
    if (factor != null && !(factor >= 1 && Double.isFinite(factor))) {
      problems.add(
          path + ".factor",
          "must be at least 1 (got " + factor + "): a smaller factor would shrink the waits");
    }
    problems.notNegative(path + ".maxBackoffSeconds", retry.maxBackoffSeconds());
    if (retry.retryOn() != null) {
      for (int k = 0; k < retry.retryOn().size(); k++) {
        if (retry.retryOn().get(k) == null) {
          problems.add(path + ".retryOn[" + k + "]", "must name a failure reason");
        }
      }
    }
  }

  private static void checkCredentials(Credentials credentials, String path, Problems problems) {
    if (credentials == null) {
      return;
    }
    SecretKeyRef ref = credentials.secretRef();
    if (ref == null) {
      problems.add(path + ".secretRef", "is required: the Secret and key holding the credential");
    } else {
      problems.subdomain(path + ".secretRef.name", ref.name(), "Secret name");
      checkSecretKey(ref.key(), path + ".secretRef.key", problems);
    }
    String env = credentials.env();
    if (env == null) {
      return;
    }
    if (!ENV_NAME.matcher(env).matches()) {
      problems.add(path + ".env", invalidEnvName(env));
    } else if (isReserved(env) && !Credentials.DEFAULT_ENV.equals(env)) {
      problems.add(
          path + ".env",
          quote(env)
              + " is reserved for Terminus; of the TERMINUS_* names only "
              + Credentials.DEFAULT_ENV
              + ", the default, may be used here");
    }
  }

  private static void checkSecretKey(String key, String path, Problems problems) {
    if (isBlank(key)) {
      problems.add(path, "is required");
    } else if (key.length() > MAX_SUBDOMAIN_LENGTH || !SECRET_KEY.matcher(key).matches()) {
      problems.add(
          path, quote(key) + " is not a valid Secret key: use letters, digits, '-', '_' and '.'");
    }
  }

  private static void checkEnv(NodeSpec node, String path, Problems problems) {
    List<EnvVarSpec> env = node.env();
    if (env == null) {
      return;
    }
    String credentialsEnv = node.credentials() == null ? null : node.credentials().envOrDefault();
    Set<String> seen = new HashSet<>();
    for (int k = 0; k < env.size(); k++) {
      EnvVarSpec variable = env.get(k);
      String itemPath = path + "[" + k + "]";
      if (variable == null) {
        problems.add(itemPath, "must not be null");
        continue;
      }
      String name = variable.name();
      String namePath = itemPath + ".name";
      if (isBlank(name)) {
        problems.add(namePath, "is required");
      } else if (!ENV_NAME.matcher(name).matches()) {
        problems.add(namePath, invalidEnvName(name));
      } else if (isReserved(name)) {
        problems.add(
            namePath, quote(name) + " is reserved: Terminus sets the TERMINUS_* variables itself");
      } else if (!seen.add(name)) {
        problems.add(namePath, quote(name) + " is set more than once");
      } else if (name.equals(credentialsEnv)) {
        problems.add(namePath, quote(name) + " is already the variable of the credentials");
      }
    }
  }

  private static void checkDependsOn(
      NodeSpec node, String path, Set<String> names, Problems problems) {
    List<String> deps = node.dependsOn();
    if (deps == null) {
      return;
    }
    for (int k = 0; k < deps.size(); k++) {
      String dep = deps.get(k);
      String depPath = path + "[" + k + "]";
      if (isBlank(dep)) {
        problems.add(depPath, "must name a node");
      } else if (dep.equals(node.name())) {
        problems.add(depPath, "node " + quote(dep) + " depends on itself");
      } else if (!names.contains(dep)) {
        problems.add(
            depPath, "node " + quote(node.name()) + " depends on unknown node " + quote(dep));
      }
    }
  }

  /**
   * Reports one cycle per strongly connected component, on the dependency of its first node (by
   * name) that leads around it: cutting that dependency is one way to break it. Arrows read
   * "depends on".
   */
  private static void checkCycles(List<NodeSpec> nodes, String path, Problems problems) {
    DependencyGraph graph = new DependencyGraph(nodes);
    List<int[]> cycles = new ArrayList<>();
    for (List<Integer> component : graph.stronglyConnectedComponents()) {
      if (component.size() > 1) {
        cycles.add(graph.shortestCycleThroughFirstByName(component));
      }
    }
    cycles.sort(Comparator.comparing(cycle -> graph.name(cycle[0])));
    for (int[] cycle : cycles) {
      String text = Arrays.stream(cycle).mapToObj(graph::name).collect(Collectors.joining(" -> "));
      problems.add(
          path
              + "["
              + graph.nodeIndex(cycle[0])
              + "].dependsOn["
              + graph.position(cycle[0], cycle[1])
              + "]",
          "cycle: " + text);
    }
  }

  /**
   * The dependencies between named nodes as a graph over vertices 0..n-1, one per distinct name
   * (its first node). Self-dependencies and unknown names are left out: they are reported on their
   * own. Algorithms are iterative so a 500-node chain cannot overflow the stack.
   */
  private static final class DependencyGraph {
    private final List<String> names = new ArrayList<>();
    private final List<Integer> nodeIndexes = new ArrayList<>();

    /** Edges of each vertex, in dependsOn order. */
    private final List<List<Integer>> edges = new ArrayList<>();

    /** Index in dependsOn of each edge. */
    private final List<List<Integer>> positions = new ArrayList<>();

    DependencyGraph(List<NodeSpec> nodes) {
      Map<String, Integer> vertexByName = new HashMap<>();
      for (int i = 0; i < nodes.size(); i++) {
        NodeSpec node = nodes.get(i);
        if (node != null && node.name() != null && !vertexByName.containsKey(node.name())) {
          vertexByName.put(node.name(), names.size());
          names.add(node.name());
          nodeIndexes.add(i);
        }
      }
      for (int v = 0; v < names.size(); v++) {
        List<String> deps = nodes.get(nodeIndexes.get(v)).dependsOnOrEmpty();
        List<Integer> targets = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        for (int k = 0; k < deps.size(); k++) {
          Integer w = deps.get(k) == null ? null : vertexByName.get(deps.get(k));
          if (w != null && w != v) {
            targets.add(w);
            at.add(k);
          }
        }
        edges.add(targets);
        positions.add(at);
      }
    }

    String name(int vertex) {
      return names.get(vertex);
    }

    int nodeIndex(int vertex) {
      return nodeIndexes.get(vertex);
    }

    /** The index in {@code from}'s dependsOn of its first dependency on {@code to}. */
    int position(int from, int to) {
      return positions.get(from).get(edges.get(from).indexOf(to));
    }

    /** Tarjan's algorithm, with an explicit stack in place of recursion. */
    List<List<Integer>> stronglyConnectedComponents() {
      int n = names.size();
      int[] index = new int[n];
      int[] low = new int[n];
      int[] nextEdge = new int[n];
      boolean[] onStack = new boolean[n];
      Arrays.fill(index, -1);
      Deque<Integer> stack = new ArrayDeque<>();
      Deque<Integer> calls = new ArrayDeque<>();
      List<List<Integer>> components = new ArrayList<>();
      int counter = 0;
      for (int root = 0; root < n; root++) {
        if (index[root] != -1) {
          continue;
        }
        index[root] = low[root] = counter++;
        stack.push(root);
        onStack[root] = true;
        calls.push(root);
        while (!calls.isEmpty()) {
          int v = calls.peek();
          List<Integer> out = edges.get(v);
          if (nextEdge[v] < out.size()) {
            int w = out.get(nextEdge[v]++);
            if (index[w] == -1) {
              index[w] = low[w] = counter++;
              stack.push(w);
              onStack[w] = true;
              calls.push(w);
            } else if (onStack[w]) {
              low[v] = Math.min(low[v], index[w]);
            }
            continue;
          }
          calls.pop();
          if (!calls.isEmpty()) {
            int caller = calls.peek();
            low[caller] = Math.min(low[caller], low[v]);
          }
          if (low[v] == index[v]) {
            List<Integer> component = new ArrayList<>();
            int w;
            do {
              w = stack.pop();
              onStack[w] = false;
              component.add(w);
            } while (w != v);
            components.add(component);
          }
        }
      }
      return components;
    }

    /**
     * A shortest cycle through the component's first node by name, found breadth-first in dependsOn
     * order: the same cycle whatever the order of the nodes in the spec. Returned as vertices,
     * first and last the same.
     */
    int[] shortestCycleThroughFirstByName(List<Integer> component) {
      int start = component.stream().min(Comparator.comparing(this::name)).orElseThrow();
      Set<Integer> members = new HashSet<>(component);
      Map<Integer, Integer> parent = new HashMap<>();
      Deque<Integer> queue = new ArrayDeque<>();
      queue.add(start);
      parent.put(start, -1);
      while (!queue.isEmpty()) {
        int v = queue.poll();
        for (int w : edges.get(v)) {
          if (w == start) {
            return pathTo(v, parent, start);
          }
          if (members.contains(w) && !parent.containsKey(w)) {
            parent.put(w, v);
            queue.add(w);
          }
        }
      }
      throw new IllegalStateException("a strongly connected component has a cycle");
    }

    private static int[] pathTo(int last, Map<Integer, Integer> parent, int start) {
      Deque<Integer> path = new ArrayDeque<>();
      path.push(start);
      for (int v = last; v != -1; v = parent.get(v)) {
        path.push(v);
      }
      return path.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers.

  private static String invalidEnvName(String name) {
    return quote(name)
        + " is not a valid environment variable name: use letters, digits and '_', not starting"
        + " with a digit";
  }

  private static boolean isReserved(String envName) {
    return envName.startsWith(RESERVED_ENV_PREFIX);
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  private static String quote(String value) {
    return value == null ? "(unnamed)" : "\"" + value + "\"";
  }

  /** The problems found so far, with the checks every part of a spec shares. */
  private static final class Problems {
    private final List<Problem> problems = new ArrayList<>();

    void add(String field, String message) {
      problems.add(new Problem(field, message));
    }

    void atLeastOne(String field, Number value) {
      if (value != null && value.longValue() < 1) {
        add(field, "must be at least 1 (got " + value + ")");
      }
    }

    void notNegative(String field, Number value) {
      if (value != null && value.longValue() < 0) {
        add(field, "must not be negative (got " + value + ")");
      }
    }

    void budgetLimit(String field, Number value) {
      if (value != null && value.longValue() < 1) {
        add(
            field,
            "must be at least 1 (got "
                + value
                + "): a budget of zero stops the execution before anything runs; leave the"
                + " field out for no limit");
      }
    }

    void subdomain(String field, String value, String what) {
      if (isBlank(value)) {
        add(field, "is required");
      } else if (value.length() > MAX_SUBDOMAIN_LENGTH || !DNS_SUBDOMAIN.matcher(value).matches()) {
        add(field, quote(value) + " is not a valid " + what + " (a DNS-1123 subdomain)");
      }
    }

    List<Problem> list() {
      return List.copyOf(problems);
    }
  }
}
