package dev.terminus.operator.chaos;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;
import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.harness.TestCluster;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the chaos test relies on when it injects API errors: an expectation of the mock server wins
 * over its CRUD store, fails exactly the requests it names (method, path and query string), applies
 * nothing, and reaches the caller only if the client does not retry 5xx answers itself.
 */
class ApiFaultsTest {

  private static final String NAMESPACE = ChaosSettings.NAMESPACE;

  private static TestCluster cluster;
  private static KubernetesClient noRetries;
  private static ApiFaults faults;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start();
    noRetries =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder(cluster.config()).withRequestRetryBackoffLimit(0).build())
            .build();
    faults = new ApiFaults(cluster.server(), NAMESPACE);
  }

  @AfterAll
  static void stop() {
    noRetries.close();
    cluster.close();
  }

  @Test
  void injectedErrorsFailTheNextRequestsAndApplyNothing() {
    faults.failJobCreations(2);

    assertThatThrownBy(() -> create(noRetries, "first")).satisfies(ApiFaultsTest::isServerError);
    assertThatThrownBy(() -> create(noRetries, "first")).satisfies(ApiFaultsTest::isServerError);
    assertThat(job("first")).isNull();

    create(noRetries, "first");
    assertThat(job("first")).isNotNull();
  }

  /** Why the operator under chaos gets a client without retries. */
  @Test
  void theDefaultClientRetriesServerErrorsAwayUnseen() {
    faults.failJobCreations(2);

    create(cluster.newClient(), "retried");

    assertThat(job("retried")).isNotNull();
  }

  @Test
  void statusWritesOfOneExecutionFailAsTheOperatorWritesThem() {
    WorkflowExecution wfx =
        noRetries
            .resource(execution("status-fault").namespace(NAMESPACE).nodes(node("a")).build())
            .create();
    faults.failStatusWrites("status-fault", 1);

    assertThatThrownBy(() -> patchStatus(wfx)).satisfies(ApiFaultsTest::isServerError);
    patchStatus(wfx);
  }

  /** The operator deletes with a propagation policy, sent in the body, not the query string. */
  @Test
  void jobDeletionsFailAsTheOperatorSendsThem() {
    create(noRetries, "doomed");
    faults.failJobDeletions("doomed", 1);

    assertThatThrownBy(() -> deleteInBackground("doomed")).satisfies(ApiFaultsTest::isServerError);
    assertThat(job("doomed")).isNotNull();

    deleteInBackground("doomed");
    assertThat(job("doomed")).isNull();
  }

  /** Only requests without a query string can be failed: a list with a selector is not. */
  @Test
  void anExpectationMatchesThePathWithItsQueryString() {
    cluster
        .server()
        .expect()
        .get()
        .withPath("/apis/batch/v1/namespaces/" + NAMESPACE + "/jobs")
        .andReturn(500, "{}")
        .once();

    assertThat(noRetries.batch().v1().jobs().inNamespace(NAMESPACE).withLabel("x").list())
        .isNotNull();
    assertThatThrownBy(() -> noRetries.batch().v1().jobs().inNamespace(NAMESPACE).list())
        .satisfies(ApiFaultsTest::isServerError);
  }

  private static void create(KubernetesClient client, String name) {
    client.batch().v1().jobs().inNamespace(NAMESPACE).resource(newJob(name)).create();
  }

  private static Job job(String name) {
    return noRetries.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get();
  }

  private static void deleteInBackground(String name) {
    noRetries
        .batch()
        .v1()
        .jobs()
        .inNamespace(NAMESPACE)
        .withName(name)
        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
        .delete();
  }

  private static void patchStatus(WorkflowExecution wfx) {
    noRetries
        .resource(wfx)
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON),
            "[{\"op\":\"add\",\"path\":\"/status\",\"value\":{}}]");
  }

  private static Job newJob(String name) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NAMESPACE)
        .endMetadata()
        .withNewSpec()
        .withNewTemplate()
        .withNewSpec()
        .addNewContainer()
        .withName("main")
        .withImage("busybox:1.36")
        .endContainer()
        .withRestartPolicy("Never")
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static void isServerError(Throwable thrown) {
    assertThat(thrown).isInstanceOf(KubernetesClientException.class);
    assertThat(((KubernetesClientException) thrown).getCode()).isEqualTo(500);
  }
}
