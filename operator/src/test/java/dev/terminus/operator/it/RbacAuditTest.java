package dev.terminus.operator.it;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;
import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.NodePhase;
import dev.terminus.crd.v1alpha1.Workflow;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.app.TerminusOperator;
import dev.terminus.operator.harness.Behaviour;
import dev.terminus.operator.harness.FakeJobController;
import dev.terminus.operator.harness.Script;
import dev.terminus.operator.harness.TestCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart's RBAC against what the operator really asks of the API server. The operator runs
 * on a client that records every request it sends, through a lifecycle that touches each kind of
 * call (a Workflow, an execution run to success, a cancel, a deletion); each request is turned into
 * the (apiGroup, resource, verb) that RBAC checks, and every one of them must be granted by {@code
 * helm/rbac-expected.json}, the file the chart's rendered Roles are checked against by {@code
 * helm/test.sh}. Conversely, every granted verb must either be seen here or be named below as one
 * that this run cannot provoke: a grant nobody uses does not survive either.
 */
class RbacAuditTest {

  private static final String LEASES =
      "leader election is off in this run; leaseLockRequestsOfLeaderElection... provokes it";

  /** Granted, but not provoked by this run; each with the reason. */
  private static final Map<String, String> NOT_PROVOKED =
      Map.of(
          "terminus.dev workflowexecutions get",
          "JOSDK re-reads an execution only when its finalizer patch conflicts",
          "batch jobs get",
          "ClusterView confirms a Job only when the informer cache lags behind the status",
          "terminus.dev workflowexecutions/finalizers update",
          "checked by the OwnerReferencesPermissionEnforcement admission plugin on Job create,"
              + " never requested",
          "core events get",
          "an Event is re-read only when its create or update conflicts",
          "core events update",
          "an Event is updated only when its object and reason repeat",
          "coordination.k8s.io leases get",
          LEASES,
          "coordination.k8s.io leases create",
          LEASES,
          "coordination.k8s.io leases update",
          "JOSDK's start check (SelfSubjectRulesReview) wants it; LeaseLock never replaces a Lease",
          "coordination.k8s.io leases patch",
          LEASES);

  /** Paths every authenticated user may GET (the system:discovery and public-info roles). */
  private static final Pattern DISCOVERY =
      Pattern.compile(
          "^/(api|apis)(/[^/]+){0,2}/?$|^/version/?$|^/openapi/.*|^/(healthz|livez|readyz)$");

  private final Map<String, String> seen = new ConcurrentHashMap<>();
  private final Set<String> nonResource = ConcurrentHashMap.newKeySet();

  @Test
  void everyRequestOfTheOperatorIsGrantedByTheChartAndEveryGrantIsUsed() throws IOException {
    Set<String> granted = granted();
    try (TestCluster cluster = TestCluster.start();
        FakeJobController jobs =
            new FakeJobController(
                    cluster.newClient(), Script.succeedAll().on("long", Behaviour.runForever()))
                .start();
        KubernetesClient audited = auditedClient(cluster)) {
      TerminusOperator operator =
          TerminusOperator.create(audited, OperatorHarness.fastConfig()).start();
      try {
        runLifecycle(cluster.client());
      } finally {
        operator.close();
      }
    }

    Map<String, String> table = new TreeMap<>(seen);
    StringBuilder report = new StringBuilder("requests of the operator, as RBAC sees them:\n");
    table.forEach(
        (k, example) ->
            report.append("  ").append(k).append("   e.g. ").append(example).append('\n'));
    report.append("  non-resource: ").append(new TreeSet<>(nonResource));
    System.out.println(report);

    assertThat(table.keySet())
        .as("requests the chart does not grant (add them to helm/rbac-expected.json and the chart)")
        .isSubsetOf(granted);
    Set<String> unused = new TreeSet<>(granted);
    unused.removeAll(table.keySet());
    unused.removeAll(NOT_PROVOKED.keySet());
    assertThat(unused)
        .as("granted by helm/rbac-expected.json but never requested: drop them, or explain here")
        .isEmpty();
    assertThat(nonResource).allSatisfy(p -> assertThat(p).matches(DISCOVERY));
  }

  /**
   * Leader election as the operator runs it (fabric8's LeaseLock, on the Lease the operator names):
   * a first acquisition, then renewals. Every request must be granted by the lease part of {@code
   * helm/rbac-expected.json}; the renewal, a JSON merge PATCH, is among them.
   */
  @Test
  void leaseLockRequestsOfLeaderElectionAreGrantedByTheLeaseRole() throws IOException {
    Set<String> granted = granted("leaderElection");
    try (TestCluster cluster = TestCluster.start();
        KubernetesClient audited = auditedClient(cluster)) {
      LeaderElector elector =
          audited
              .leaderElector()
              .withConfig(
                  new LeaderElectionConfigBuilder()
                      .withName("rbac-audit")
                      .withLock(
                          new LeaseLock(
                              TestCluster.NAMESPACE, TerminusOperator.LEASE_NAME, "replica-1"))
                      .withLeaseDuration(Duration.ofSeconds(2))
                      .withRenewDeadline(Duration.ofMillis(1500))
                      .withRetryPeriod(Duration.ofMillis(100))
                      .withLeaderCallbacks(new LeaderCallbacks(() -> {}, () -> {}, id -> {}))
                      .build())
              .build();
      CompletableFuture<?> running = elector.start();
      try {
        await()
            .atMost(OperatorHarness.WAIT)
            .until(() -> seen.containsKey("coordination.k8s.io leases patch"));
      } finally {
        running.cancel(true);
      }
    }
    Set<String> leaseRequests = new TreeSet<>(seen.keySet());
    leaseRequests.removeIf(k -> !k.startsWith("coordination.k8s.io "));
    assertThat(leaseRequests)
        .as("Lease requests of leader election the chart does not grant")
        .contains("coordination.k8s.io leases create", "coordination.k8s.io leases patch")
        .isSubsetOf(granted);
  }

  private static void runLifecycle(KubernetesClient c) {
    // A Workflow (validity written to its status) and an execution of it, run to success.
    Workflow wf = new Workflow();
    wf.setMetadata(new ObjectMetaBuilder().withName("audit").withNamespace("default").build());
    wf.setSpec(execution("unused").nodes(node("a"), node("b").dependsOn("a")).workflow());
    c.resource(wf).create();
    c.resource(execution("audit-ok").workflowRef("audit").build()).create();
    awaitPhase(c, "audit-ok", ExecutionPhase.Succeeded);

    // A child execution (create), deleted with its TTL (delete), its children by label
    // (deletecollection).
    c.resource(
            execution("audit-child")
                .nodes(node("sub").child("audit"))
                .ttlSecondsAfterFinished(1)
                .build())
        .create();
    await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> c.resources(WorkflowExecution.class).withName("audit-child").get() == null);

    // Cancel: the running Job is deleted.
    c.resource(execution("audit-cancel").nodes(node("long")).build()).create();
    awaitRunning(c, "audit-cancel");
    c.resources(WorkflowExecution.class).withName("audit-cancel").edit(OperatorHarness::withCancel);
    awaitPhase(c, "audit-cancel", ExecutionPhase.Cancelled);

    // Deletion: the finalizer deletes the execution's Jobs by label, then lets it go.
    c.resource(execution("audit-delete").nodes(node("long")).build()).create();
    awaitRunning(c, "audit-delete");
    c.resources(WorkflowExecution.class).withName("audit-delete").delete();
    await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> c.resources(WorkflowExecution.class).withName("audit-delete").get() == null);
  }

  private static void awaitPhase(KubernetesClient c, String name, ExecutionPhase phase) {
    Supplier<WorkflowExecution> get =
        () -> c.resources(WorkflowExecution.class).withName(name).get();
    await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> get.get().getStatus() != null && get.get().getStatus().phase() == phase);
  }

  private static void awaitRunning(KubernetesClient c, String name) {
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () -> {
              WorkflowExecution w = c.resources(WorkflowExecution.class).withName(name).get();
              return w.getStatus() != null
                  && w.getStatus().nodes() != null
                  && w.getStatus().nodes().stream().anyMatch(n -> n.phase() == NodePhase.Running);
            });
  }

  private KubernetesClient auditedClient(TestCluster cluster) {
    Interceptor recorder =
        new Interceptor() {
          @Override
          public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
            record(request.method(), request.uri());
          }
        };
    return new KubernetesClientBuilder()
        .withConfig(cluster.config())
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("rbac-audit", recorder))
        .build();
  }

  /** Maps a request to RBAC's (apiGroup, resource[/subresource], verb). */
  void record(String method, URI uri) {
    String path = uri.getPath();
    String[] p = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    int rest;
    String group;
    if (p.length >= 2 && p[0].equals("api")) {
      group = "core";
      rest = 2;
    } else if (p.length >= 3 && p[0].equals("apis")) {
      group = p[1];
      rest = 3;
    } else {
      nonResource.add(path);
      return;
    }
    if (p.length > rest + 2 && p[rest].equals("namespaces")) {
      rest += 2;
    }
    if (p.length <= rest) {
      nonResource.add(path);
      return;
    }
    String resource = p[rest];
    boolean named = p.length > rest + 1;
    if (p.length > rest + 2) {
      resource += "/" + p[rest + 2];
    }
    String query = uri.getQuery() == null ? "" : uri.getQuery();
    String verb =
        switch (method) {
          case "GET" -> named ? "get" : query.contains("watch=true") ? "watch" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> named ? "delete" : "deletecollection";
          default -> method.toLowerCase();
        };
    seen.putIfAbsent(group + " " + resource + " " + verb, method + " " + path);
  }

  /** The (apiGroup, resource, verb) set of helm/rbac-expected.json, core group named "core". */
  private static Set<String> granted(String... parts) throws IOException {
    JsonNode expected = new ObjectMapper().readTree(Files.readString(rbacExpected()));
    Set<String> out = new TreeSet<>();
    for (String part : parts.length > 0 ? parts : new String[] {"operator", "leaderElection"}) {
      for (JsonNode rule : expected.get(part)) {
        String group = rule.get("apiGroup").asText();
        String prefix = (group.isEmpty() ? "core" : group) + " " + rule.get("resource").asText();
        rule.get("verbs").fieldNames().forEachRemaining(v -> out.add(prefix + " " + v));
      }
    }
    return out;
  }

  private static Path rbacExpected() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("helm/rbac-expected.json");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("helm/rbac-expected.json not found above " + Path.of(""));
  }
}
