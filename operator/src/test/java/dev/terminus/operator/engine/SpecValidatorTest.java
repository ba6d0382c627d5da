package dev.terminus.operator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.terminus.crd.v1alpha1.Budget;
import dev.terminus.crd.v1alpha1.Credentials;
import dev.terminus.crd.v1alpha1.EnvVarSpec;
import dev.terminus.crd.v1alpha1.FailureReason;
import dev.terminus.crd.v1alpha1.NodeDefaults;
import dev.terminus.crd.v1alpha1.NodeSpec;
import dev.terminus.crd.v1alpha1.NodeType;
import dev.terminus.crd.v1alpha1.RetryPolicy;
import dev.terminus.crd.v1alpha1.SecretKeyRef;
import dev.terminus.crd.v1alpha1.WorkflowExecutionSpec;
import dev.terminus.crd.v1alpha1.WorkflowRef;
import dev.terminus.crd.v1alpha1.WorkflowSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {

  @Nested
  class ValidSpecs {

    @Test
    void aFullExecutionWithEveryKindOfNodeHasNoProblems() {
      WorkflowSpec workflow =
          new WorkflowSpec(
              new NodeDefaults(
                  "ghcr.io/terminus/worker:1.0",
                  600L,
                  300L,
                  new RetryPolicy(2, 10L, 2.0, 300L, List.of(FailureReason.Error)),
                  null,
                  "runner"),
              4,
              List.of(
                  node("fetch").component("http").build(),
                  node("summarize")
                      .component("llm")
                      .dependsOn("fetch")
                      .credentials(new Credentials(new SecretKeyRef("llm-cred", "apiKey"), null))
                      .env(new EnvVarSpec("MODEL", "small"))
                      .retry(new RetryPolicy(0, 0L, 1.0, 0L, null))
                      .heartbeatTimeoutSeconds(60L)
                      .build(),
                  node("approve")
                      .type(NodeType.APPROVAL)
                      .timeoutSeconds(86400L)
                      .dependsOn("summarize")
                      .build(),
                  node("child")
                      .type(NodeType.WORKFLOW)
                      .workflowRef(new WorkflowRef("summarize"))
                      .dependsOn("approve", "fetch")
                      .build()));
      WorkflowExecutionSpec spec =
          new WorkflowExecutionSpec(
              null,
              workflow,
              null,
              3600L,
              new Budget(200_000L, 5_000_000L, 40),
              false,
              false,
              0L,
              null);

      assertThat(SpecValidator.validate(spec)).isEmpty();
    }

    @Test
    void anExecutionOfAWorkflowByReferenceHasNoProblems() {
      WorkflowExecutionSpec spec =
          new WorkflowExecutionSpec(
              new WorkflowRef("orchestrator"), null, null, null, null, null, null, null, null);

      assertThat(SpecValidator.validate(spec)).isEmpty();
    }

    @Test
    void aJobNodeMayTakeItsImageFromTheDefaults() {
      WorkflowSpec workflow =
          new WorkflowSpec(
              new NodeDefaults("busybox", null, null, null, null, null),
              null,
              List.of(node("a").image(null).build()));

      assertThat(SpecValidator.validate(workflow)).isEmpty();
    }

    @Test
    void aComponentNodeNeedsNoImage() {
      assertThat(SpecValidator.validate(workflow(node("a").image(null).component("command"))))
          .isEmpty();
    }

    @Test
    void theDefaultCredentialsVariableMayBeNamedExplicitly() {
      NodeSpec node =
          node("a")
              .credentials(
                  new Credentials(new SecretKeyRef("llm-cred", "apiKey"), "TERMINUS_API_KEY"))
              .build();

      assertThat(SpecValidator.validate(workflow(node))).isEmpty();
    }

    @Test
    void aChainOf500NodesIsValidAndValidatedWithoutRecursion() {
      assertThat(SpecValidator.validate(workflow(chain(500)))).isEmpty();
    }
  }

  @Nested
  class TheExecutionsName {

    @Test
    void aNameOf63CharactersIsValid() {
      assertThat(SpecValidator.validateName("a".repeat(63))).isEmpty();
    }

    /** It is the value of label terminus.dev/execution on the Jobs: the API server refuses more. */
    @Test
    void aNameLongerThan63CharactersIsAProblem() {
      assertThat(SpecValidator.validateName("a".repeat(64)))
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.field()).isEqualTo("metadata.name");
                assertThat(p.message())
                    .contains("64 characters", "at most 63", "terminus.dev/execution");
              });
    }

    @Test
    void anExecutionWithATooLongNameFailsInvalidSpecAndCreatesNothing() {
      EngineDriver e =
          new EngineDriver(
              dev.terminus.operator.fixtures.ExecutionBuilder.execution("x")
                  .nodes(dev.terminus.operator.fixtures.NodeBuilder.node("a"))
                  .spec());
      Decision d =
          e.engine.evaluate(
              new EngineInput(
                  "n".repeat(70),
                  EngineDriver.UID,
                  1,
                  e.createdAt,
                  e.spec,
                  null,
                  e.resolution,
                  java.util.Map.of(),
                  java.util.Map.of(),
                  java.util.Map.of(),
                  List.of(),
                  java.util.Map.of(),
                  e.now));

      assertThat(d.status().phase()).isEqualTo(dev.terminus.crd.v1alpha1.ExecutionPhase.Failed);
      assertThat(d.status().reason()).isEqualTo(dev.terminus.crd.v1alpha1.Reason.InvalidSpec);
      assertThat(d.status().message()).contains("metadata.name: has 70 characters");
      assertThat(d.actions()).isEmpty();
    }
  }

  @Nested
  class TheExecution {

    @Test
    void aNullSpecIsOneProblem() {
      assertThat(SpecValidator.validate((WorkflowExecutionSpec) null))
          .containsExactly(new Problem("spec", "is required"));
      assertThat(SpecValidator.validate((WorkflowSpec) null))
          .containsExactly(new Problem("spec", "is required"));
    }

    @Test
    void neitherWorkflowRefNorWorkflowIsAProblem() {
      WorkflowExecutionSpec spec =
          new WorkflowExecutionSpec(null, null, null, null, null, null, null, null, null);

      assertThat(messages(SpecValidator.validate(spec)))
          .containsExactly("spec: set one of workflowRef and workflow");
    }

    @Test
    void bothWorkflowRefAndWorkflowIsAProblem() {
      WorkflowExecutionSpec spec =
          new WorkflowExecutionSpec(
              new WorkflowRef("wf"), workflow(node("a")), null, null, null, null, null, null, null);

      assertThat(messages(SpecValidator.validate(spec)))
          .containsExactly("spec: set only one of workflowRef and workflow, not both");
    }

    @Test
    void aWorkflowRefNeedsAValidName() {
      assertThat(messages(SpecValidator.validate(byRef(new WorkflowRef(null)))))
          .containsExactly("spec.workflowRef.name: is required");
      assertThat(messages(SpecValidator.validate(byRef(new WorkflowRef("Not_Valid")))))
          .containsExactly(
              "spec.workflowRef.name: \"Not_Valid\" is not a valid Workflow name (a DNS-1123"
                  + " subdomain)");
    }

    @Test
    void deadlineBudgetAndTtlMustBeInRange() {
      WorkflowExecutionSpec spec =
          new WorkflowExecutionSpec(
              new WorkflowRef("wf"), null, null, 0L, new Budget(0L, -5L, 0), null, null, -1L, null);

      assertThat(messages(SpecValidator.validate(spec)))
          .containsExactly(
              "spec.activeDeadlineSeconds: must be at least 1 (got 0)",
              "spec.budget.maxTokens: must be at least 1 (got 0): a budget of zero stops the"
                  + " execution before anything runs; leave the field out for no limit",
              "spec.budget.maxCostMicros: must be at least 1 (got -5): a budget of zero stops the"
                  + " execution before anything runs; leave the field out for no limit",
              "spec.budget.maxNodeAttempts: must be at least 1 (got 0): a budget of zero stops the"
                  + " execution before anything runs; leave the field out for no limit",
              "spec.ttlSecondsAfterFinished: must not be negative (got -1)");
    }

    @Test
    void inlineWorkflowProblemsAreUnderSpecWorkflow() {
      WorkflowExecutionSpec spec =
          new WorkflowExecutionSpec(
              null, workflow(node("a").dependsOn("x")), null, null, null, null, null, null, null);

      assertThat(SpecValidator.validate(spec))
          .containsExactly(
              new Problem(
                  "spec.workflow.nodes[0].dependsOn[0]",
                  "node \"a\" depends on unknown node \"x\""));
    }
  }

  @Nested
  class TheDag {

    @Test
    void aWorkflowWithoutNodesIsAProblem() {
      assertThat(messages(SpecValidator.validate(new WorkflowSpec(null, null, List.of()))))
          .containsExactly("spec.nodes: must declare at least one node");
      assertThat(messages(SpecValidator.validate(new WorkflowSpec(null, null, null))))
          .containsExactly("spec.nodes: must declare at least one node");
    }

    @Test
    void moreThan500NodesIsAProblem() {
      assertThat(messages(SpecValidator.validate(workflow(chain(501)))))
          .containsExactly("spec.nodes: declares 501 nodes; at most 500 are allowed");
    }

    @Test
    void nodeNamesMustBeDnsLabels() {
      String tooLong = "a".repeat(64);
      List<Problem> problems =
          SpecValidator.validate(
              workflow(node(null), node("Fetch_Data"), node(tooLong), node("-a"), node("")));

      assertThat(messages(problems))
          .containsExactly(
              "spec.nodes[0].name: is required",
              "spec.nodes[1].name: \"Fetch_Data\" is not a valid node name: use lowercase"
                  + " letters, digits and '-', starting and ending with a letter or digit (a"
                  + " DNS-1123 label)",
              "spec.nodes[2].name: \"" + tooLong + "\" is longer than 63 characters",
              "spec.nodes[3].name: \"-a\" is not a valid node name: use lowercase letters,"
                  + " digits and '-', starting and ending with a letter or digit (a DNS-1123"
                  + " label)",
              "spec.nodes[4].name: is required");
    }

    @Test
    void aNullNodeIsAProblemNotACrash() {
      List<NodeSpec> nodes = new ArrayList<>();
      nodes.add(node("a").build());
      nodes.add(null);

      assertThat(messages(SpecValidator.validate(new WorkflowSpec(null, null, nodes))))
          .containsExactly("spec.nodes[1]: must not be null");
    }

    @Test
    void duplicateNodeNamesAreNamed() {
      assertThat(messages(SpecValidator.validate(workflow(node("a"), node("b"), node("a")))))
          .containsExactly(
              "spec.nodes[2].name: duplicate node name \"a\": node names must be unique");
    }

    @Test
    void aDependencyOnAnUnknownNodeNamesBothNodes() {
      assertThat(SpecValidator.validate(workflow(node("a"), node("b").dependsOn("a", "ghost"))))
          .containsExactly(
              new Problem(
                  "spec.nodes[1].dependsOn[1]", "node \"b\" depends on unknown node \"ghost\""));
    }

    @Test
    void aNodeDependingOnItselfIsAProblemButNotACycle() {
      assertThat(messages(SpecValidator.validate(workflow(node("a").dependsOn("a")))))
          .containsExactly("spec.nodes[0].dependsOn[0]: node \"a\" depends on itself");
    }

    @Test
    void aBlankDependencyIsAProblem() {
      assertThat(
              messages(
                  SpecValidator.validate(workflow(node("a"), node("b").dependsOn("a", null, " ")))))
          .containsExactly(
              "spec.nodes[1].dependsOn[1]: must name a node",
              "spec.nodes[1].dependsOn[2]: must name a node");
    }

    @Test
    void aCycleIsReportedOnceWithItsNodesInOrder() {
      List<Problem> problems =
          SpecValidator.validate(
              workflow(
                  node("c").dependsOn("a"), node("b").dependsOn("c"), node("a").dependsOn("b")));

      // Arrows read "depends on"; the field is the first node's dependency on the next.
      assertThat(problems)
          .containsExactly(new Problem("spec.nodes[2].dependsOn[0]", "cycle: a -> b -> c -> a"));
    }

    @Test
    void aTangleOfCyclesIsReportedOnceByItsShortestCycle() {
      // a->b->a and a->c->b->a share nodes: one strongly connected component.
      List<Problem> problems =
          SpecValidator.validate(
              workflow(
                  node("a").dependsOn("c", "b"),
                  node("b").dependsOn("a"),
                  node("c").dependsOn("b"),
                  node("d").dependsOn("a")));

      assertThat(messages(problems))
          .containsExactly("spec.nodes[0].dependsOn[1]: cycle: a -> b -> a");
    }

    @Test
    void separateCyclesAreEachReportedInOrderOfTheirFirstName() {
      List<Problem> problems =
          SpecValidator.validate(
              workflow(
                  node("y").dependsOn("z"),
                  node("z").dependsOn("y"),
                  node("a").dependsOn("b"),
                  node("b").dependsOn("a")));

      assertThat(messages(problems))
          .containsExactly(
              "spec.nodes[2].dependsOn[0]: cycle: a -> b -> a",
              "spec.nodes[0].dependsOn[0]: cycle: y -> z -> y");
    }

    @Test
    void aCycleThroughAll500NodesIsFoundWithoutRecursion() {
      List<NodeBuilder> nodes = chainBuilders(500);
      nodes.set(0, nodes.get(0).dependsOn("n499"));

      List<Problem> problems = SpecValidator.validate(workflow(nodes.toArray(NodeBuilder[]::new)));

      assertThat(problems).hasSize(1);
      assertThat(problems.get(0).message())
          .startsWith("cycle: n0 -> n499 -> n498 -> ")
          .endsWith(" -> n1 -> n0");
      assertThat(problems.get(0).message().split(" -> ")).hasSize(501);
    }
  }

  @Nested
  class NodesOfEachType {

    @Test
    void aJobNodeNeedsAnImageOrAComponent() {
      assertThat(messages(SpecValidator.validate(workflow(node("a").image(null)))))
          .containsExactly(
              "spec.nodes[0]: job node \"a\" needs an image (image or defaults.image) or a"
                  + " component");
      assertThat(messages(SpecValidator.validate(workflow(node("a").image(" "))))).hasSize(1);
    }

    @Test
    void anUnknownComponentIsAProblem() {
      assertThat(messages(SpecValidator.validate(workflow(node("a").component("sql")))))
          .containsExactly(
              "spec.nodes[0].component: unknown component \"sql\": use command, http or llm");
    }

    @Test
    void anApprovalNodeMustNotWaitForever() {
      NodeBuilder approval = node("ok").image(null).type(NodeType.APPROVAL);

      assertThat(messages(SpecValidator.validate(workflow(approval))))
          .containsExactly(
              "spec.nodes[0].timeoutSeconds: approval nodes must set timeoutSeconds so they"
                  + " cannot wait forever");
    }

    @Test
    void aWorkflowNodeNeedsAWorkflowRefOrAnInlineWorkflow() {
      assertThat(
              messages(
                  SpecValidator.validate(
                      workflow(node("child").image(null).type(NodeType.WORKFLOW)))))
          .containsExactly(
              "spec.nodes[0].workflowRef: workflow nodes must set workflowRef or workflow: what"
                  + " the child execution runs");
      assertThat(
              messages(
                  SpecValidator.validate(
                      workflow(
                          node("child").type(NodeType.WORKFLOW).workflowRef(new WorkflowRef(""))))))
          .containsExactly("spec.nodes[0].workflowRef.name: is required");
    }
  }

  @Nested
  class Numbers {

    @Test
    void deadlinesAndTimeoutsMustBePositive() {
      WorkflowSpec workflow =
          new WorkflowSpec(
              new NodeDefaults("busybox", 0L, -1L, null, null, null),
              0,
              List.of(
                  node("a")
                      .activeDeadlineSeconds(0L)
                      .heartbeatTimeoutSeconds(-3L)
                      .pendingTimeoutSeconds(0L)
                      .timeoutSeconds(0L)
                      .build()));

      assertThat(messages(SpecValidator.validate(workflow)))
          .containsExactly(
              "spec.parallelism: must be at least 1 (got 0)",
              "spec.defaults.activeDeadlineSeconds: must be at least 1 (got 0)",
              "spec.defaults.pendingTimeoutSeconds: must be at least 1 (got -1)",
              "spec.nodes[0].activeDeadlineSeconds: must be at least 1 (got 0)",
              "spec.nodes[0].heartbeatTimeoutSeconds: must be at least 1 (got -3)",
              "spec.nodes[0].pendingTimeoutSeconds: must be at least 1 (got 0)",
              "spec.nodes[0].timeoutSeconds: must be at least 1 (got 0)");
    }

    @Test
    void retryPoliciesMustBeInRange() {
      RetryPolicy bad =
          new RetryPolicy(-1, -10L, 0.5, -1L, Arrays.asList(FailureReason.Error, null));
      WorkflowSpec workflow =
          new WorkflowSpec(
              new NodeDefaults(
                  "busybox",
                  null,
                  null,
                  new RetryPolicy(1, null, Double.NaN, null, null),
                  null,
                  null),
              null,
              List.of(node("a").retry(bad).build()));

      assertThat(messages(SpecValidator.validate(workflow)))
          .containsExactly(
              "spec.defaults.retry.factor: must be at least 1 (got NaN): a smaller factor would"
                  + " shrink the waits",
              "spec.nodes[0].retry.limit: must not be negative (got -1)",
              "spec.nodes[0].retry.backoffSeconds: must not be negative (got -10)",
              "spec.nodes[0].retry.factor: must be at least 1 (got 0.5): a smaller factor would"
                  + " shrink the waits",
              "spec.nodes[0].retry.maxBackoffSeconds: must not be negative (got -1)",
              "spec.nodes[0].retry.retryOn[1]: must name a failure reason");
    }
  }

  @Nested
  class CredentialsAndEnvironment {

    @Test
    void credentialsNeedASecretAndKey() {
      assertThat(
              messages(
                  SpecValidator.validate(
                      workflow(node("a").credentials(new Credentials(null, null))))))
          .containsExactly(
              "spec.nodes[0].credentials.secretRef: is required: the Secret and key holding the"
                  + " credential");
      assertThat(
              messages(
                  SpecValidator.validate(
                      workflow(
                          node("a")
                              .credentials(new Credentials(new SecretKeyRef(null, " "), null))))))
          .containsExactly(
              "spec.nodes[0].credentials.secretRef.name: is required",
              "spec.nodes[0].credentials.secretRef.key: is required");
      assertThat(
              messages(
                  SpecValidator.validate(
                      workflow(
                          node("a")
                              .credentials(
                                  new Credentials(new SecretKeyRef("LLM", "api key"), null))))))
          .containsExactly(
              "spec.nodes[0].credentials.secretRef.name: \"LLM\" is not a valid Secret name (a"
                  + " DNS-1123 subdomain)",
              "spec.nodes[0].credentials.secretRef.key: \"api key\" is not a valid Secret key: use"
                  + " letters, digits, '-', '_' and '.'");
    }

    @Test
    void theCredentialsVariableMustBeValidAndNotReserved() {
      SecretKeyRef ref = new SecretKeyRef("llm-cred", "apiKey");

      assertThat(
              messages(
                  SpecValidator.validate(
                      workflow(node("a").credentials(new Credentials(ref, "1KEY"))))))
          .containsExactly(
              "spec.nodes[0].credentials.env: \"1KEY\" is not a valid environment variable name:"
                  + " use letters, digits and '_', not starting with a digit");
      assertThat(
              messages(
                  SpecValidator.validate(
                      workflow(node("a").credentials(new Credentials(ref, "TERMINUS_INPUTS"))))))
          .containsExactly(
              "spec.nodes[0].credentials.env: \"TERMINUS_INPUTS\" is reserved for Terminus; of"
                  + " the TERMINUS_* names only TERMINUS_API_KEY, the default, may be used here");
    }

    @Test
    void environmentVariablesMustBeValidUniqueAndNotReserved() {
      NodeBuilder node =
          node("a")
              .credentials(
                  new Credentials(new SecretKeyRef("llm-cred", "apiKey"), "OPENAI_API_KEY"))
              .env(
                  new EnvVarSpec("MODE", "fast"),
                  new EnvVarSpec("bad-name", "x"),
                  new EnvVarSpec("TERMINUS_NODE", "evil"),
                  new EnvVarSpec("MODE", "slow"),
                  new EnvVarSpec(null, "x"),
                  null,
                  new EnvVarSpec("OPENAI_API_KEY", "inline"));

      assertThat(messages(SpecValidator.validate(workflow(node))))
          .containsExactly(
              "spec.nodes[0].env[1].name: \"bad-name\" is not a valid environment variable name:"
                  + " use letters, digits and '_', not starting with a digit",
              "spec.nodes[0].env[2].name: \"TERMINUS_NODE\" is reserved: Terminus sets the"
                  + " TERMINUS_* variables itself",
              "spec.nodes[0].env[3].name: \"MODE\" is set more than once",
              "spec.nodes[0].env[4].name: is required",
              "spec.nodes[0].env[5]: must not be null",
              "spec.nodes[0].env[6].name: \"OPENAI_API_KEY\" is already the variable of the"
                  + " credentials");
    }
  }

  @Test
  void everyProblemOfASpecIsReportedAtOnceInAStableOrder() {
    WorkflowSpec workflow =
        new WorkflowSpec(
            null,
            0,
            List.of(
                node("a").dependsOn("c").build(),
                node("Bad").image(null).build(),
                node("c").dependsOn("a", "missing").build(),
                node("a").type(NodeType.APPROVAL).image(null).build()));
    WorkflowExecutionSpec spec =
        new WorkflowExecutionSpec(
            null, workflow, null, -1L, new Budget(null, null, 0), null, null, null, null);

    List<Problem> problems = SpecValidator.validate(spec);

    assertThat(messages(problems))
        .containsExactly(
            "spec.workflow.parallelism: must be at least 1 (got 0)",
            "spec.workflow.nodes[1].name: \"Bad\" is not a valid node name: use lowercase letters,"
                + " digits and '-', starting and ending with a letter or digit (a DNS-1123 label)",
            "spec.workflow.nodes[1]: job node \"Bad\" needs an image (image or defaults.image) or a"
                + " component",
            "spec.workflow.nodes[2].dependsOn[1]: node \"c\" depends on unknown node \"missing\"",
            "spec.workflow.nodes[3].name: duplicate node name \"a\": node names must be unique",
            "spec.workflow.nodes[3].timeoutSeconds: approval nodes must set timeoutSeconds so they"
                + " cannot wait forever",
            "spec.workflow.nodes[0].dependsOn[0]: cycle: a -> c -> a",
            "spec.activeDeadlineSeconds: must be at least 1 (got -1)",
            "spec.budget.maxNodeAttempts: must be at least 1 (got 0): a budget of zero stops the"
                + " execution before anything runs; leave the field out for no limit");
    assertThat(SpecValidator.validate(spec)).isEqualTo(problems);
  }

  @Test
  void aSpecFullOfNullsNeverThrows() {
    NodeSpec empty =
        new NodeSpec(
            null, null, null, null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null);
    WorkflowSpec workflow = new WorkflowSpec(NodeDefaults.EMPTY, null, List.of(empty));

    assertThatCode(() -> SpecValidator.validate(workflow)).doesNotThrowAnyException();
    assertThat(SpecValidator.validate(workflow)).isNotEmpty();
  }

  @Test
  void aProblemReadsAsFieldColonMessage() {
    assertThat(new Problem("spec.nodes[0].name", "is required"))
        .hasToString("spec.nodes[0].name: is required");
  }

  // ---------------------------------------------------------------------------------------------
  // Fixtures.

  private static List<String> messages(List<Problem> problems) {
    return problems.stream().map(Problem::toString).toList();
  }

  private static WorkflowExecutionSpec byRef(WorkflowRef ref) {
    return new WorkflowExecutionSpec(ref, null, null, null, null, null, null, null, null);
  }

  private static WorkflowSpec workflow(NodeBuilder... nodes) {
    return new WorkflowSpec(null, null, Arrays.stream(nodes).map(NodeBuilder::build).toList());
  }

  private static WorkflowSpec workflow(NodeSpec... nodes) {
    return new WorkflowSpec(null, null, List.of(nodes));
  }

  private static WorkflowSpec workflow(List<NodeSpec> nodes) {
    return new WorkflowSpec(null, null, nodes);
  }

  /** n0 <- n1 <- ... : each node depends on the one before. */
  private static List<NodeSpec> chain(int n) {
    return chainBuilders(n).stream().map(NodeBuilder::build).toList();
  }

  private static List<NodeBuilder> chainBuilders(int n) {
    return new ArrayList<>(
        IntStream.range(0, n)
            .mapToObj(i -> i == 0 ? node("n0") : node("n" + i).dependsOn("n" + (i - 1)))
            .toList());
  }

  private static NodeBuilder node(String name) {
    return new NodeBuilder(name);
  }

  /** A job node with an image unless told otherwise; NodeSpec has 19 components. */
  static final class NodeBuilder {
    private final String name;
    private NodeType type;
    private String component;
    private String image = "busybox";
    private List<EnvVarSpec> env;
    private List<String> dependsOn;
    private Long activeDeadlineSeconds;
    private Long heartbeatTimeoutSeconds;
    private Long pendingTimeoutSeconds;
    private RetryPolicy retry;
    private Credentials credentials;
    private Long timeoutSeconds;
    private WorkflowRef workflowRef;

    NodeBuilder(String name) {
      this.name = name;
    }

    NodeBuilder type(NodeType value) {
      type = value;
      return this;
    }

    NodeBuilder component(String value) {
      component = value;
      return this;
    }

    NodeBuilder image(String value) {
      image = value;
      return this;
    }

    /** Allows null entries, to test them. */
    NodeBuilder env(EnvVarSpec... values) {
      env = Arrays.asList(values);
      return this;
    }

    /** Allows null entries, to test them. */
    NodeBuilder dependsOn(String... names) {
      dependsOn = Arrays.asList(names);
      return this;
    }

    NodeBuilder activeDeadlineSeconds(Long value) {
      activeDeadlineSeconds = value;
      return this;
    }

    NodeBuilder heartbeatTimeoutSeconds(Long value) {
      heartbeatTimeoutSeconds = value;
      return this;
    }

    NodeBuilder pendingTimeoutSeconds(Long value) {
      pendingTimeoutSeconds = value;
      return this;
    }

    NodeBuilder retry(RetryPolicy value) {
      retry = value;
      return this;
    }

    NodeBuilder credentials(Credentials value) {
      credentials = value;
      return this;
    }

    NodeBuilder timeoutSeconds(Long value) {
      timeoutSeconds = value;
      return this;
    }

    NodeBuilder workflowRef(WorkflowRef value) {
      workflowRef = value;
      return this;
    }

    NodeSpec build() {
      return new NodeSpec(
          name,
          type,
          component,
          null,
          image,
          null,
          null,
          env,
          dependsOn,
          activeDeadlineSeconds,
          heartbeatTimeoutSeconds,
          pendingTimeoutSeconds,
          retry,
          credentials,
          null,
          null,
          null,
          timeoutSeconds,
          workflowRef,
          null,
          null);
    }
  }
}
