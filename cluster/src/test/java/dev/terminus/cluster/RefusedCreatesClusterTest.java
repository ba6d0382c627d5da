package dev.terminus.cluster;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;
import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.Reason;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Creates the real API server refuses are never retried forever before a status is written: a full
 * ResourceQuota keeps the node Pending (QuotaExceeded, its deadline running) until the quota frees
 * up, with no user action; a rejected child fails CreateRejected; a name too long for the labels it
 * becomes is refused at admission; a child deadline at the CRD's maximum is clamped.
 */
@ExtendWith(RealClusterExtension.class)
class RefusedCreatesClusterTest {

  private static KubernetesClient admin;
  private static String namespace;
  private static Executions executions;

  @BeforeAll
  static void setUp(RealCluster cluster) {
    cluster.ensureOperator();
    admin = cluster.admin();
    namespace = cluster.namespace("refused", PodScripts.DEFAULT);
    executions = new Executions(admin, namespace);
  }

  @Test
  void aFullJobQuotaHoldsTheNodeQuotaExceededAndItRunsOnceTheQuotaFreesUp() {
    String quotaNamespace = executions.namespace() + "-quota";
    admin
        .namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName(quotaNamespace)
                .endMetadata()
                .build())
        .create();
    Executions quota = new Executions(admin, quotaNamespace);
    ResourceQuota full =
        new ResourceQuotaBuilder()
            .withNewMetadata()
            .withName("jobs")
            .endMetadata()
            .withNewSpec()
            .withHard(Map.of("count/jobs.batch", new Quantity("0")))
            .endSpec()
            .build();
    admin.resourceQuotas().inNamespace(quotaNamespace).resource(full).create();
    await("the quota controller has counted")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                admin
                        .resourceQuotas()
                        .inNamespace(quotaNamespace)
                        .withName("jobs")
                        .get()
                        .getStatus()
                        .getHard()
                    != null);

    quota.create(execution("quota").nodes(node("a").pendingTimeout(120)).build());

    WorkflowExecution held =
        await("node a held by the quota")
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> quota.get("quota"),
                e ->
                    e.getStatus() != null
                        && e.getStatus().nodes() != null
                        && Executions.node(e, "a").reason() == Reason.QuotaExceeded);
    assertThat(held.getStatus().startedAt()).as("the deadline runs").isNotNull();
    assertThat(Executions.node(held, "a").message()).contains("exceeded quota");
    assertThat(quota.jobs("quota")).isEmpty();

    admin
        .resourceQuotas()
        .inNamespace(quotaNamespace)
        .withName("jobs")
        .edit(
            q ->
                new ResourceQuotaBuilder(q)
                    .editSpec()
                    .withHard(Map.of("count/jobs.batch", new Quantity("10")))
                    .endSpec()
                    .build());

    WorkflowExecution done = quota.awaitTerminal("quota", Duration.ofSeconds(90));
    assertThat(done.getStatus().phase()).isEqualTo(ExecutionPhase.Succeeded);
  }

  @Test
  void aChildTheApiServerRejectsFailsItsNodeCreateRejectedWithTheServersMessage() {
    executions.create(
        execution("bad-child")
            .nodes(node("first"), node("sub").dependsOn("first").inlineChild(node("x").deadline(0)))
            .build());

    WorkflowExecution done = executions.awaitTerminal("bad-child", Duration.ofSeconds(60));

    assertThat(done.getStatus().phase()).isEqualTo(ExecutionPhase.Failed);
    NodeStatus sub = Executions.node(done, "sub");
    assertThat(sub.reason()).isEqualTo(Reason.CreateRejected);
    assertThat(sub.message()).contains("activeDeadlineSeconds");
  }

  @Test
  void aNameLongerThan63CharactersIsRefusedAtAdmission() {
    String name = "x".repeat(64);

    assertThatThrownBy(() -> executions.create(execution(name).nodes(node("a")).build()))
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
        .hasMessageContaining("63");
  }

  @Test
  void aChildDeadlineAtTheCrdMaximumIsClampedNotRefused() {
    executions.create(
        execution("long-child")
            .nodes(node("sub").deadline(31_536_000L).inlineChild(node("x")))
            .build());

    WorkflowExecution done = executions.awaitTerminal("long-child", Duration.ofSeconds(60));

    assertThat(done.getStatus().phase()).isEqualTo(ExecutionPhase.Succeeded);
  }
}
