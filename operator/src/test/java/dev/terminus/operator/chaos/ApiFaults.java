package dev.terminus.operator.chaos;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/**
 * Makes the API server answer 500 to the next few requests of one kind, through mock-server
 * expectations. In the mixed dispatcher of the test cluster an expectation takes precedence over
 * the CRUD store while it lasts, and the request is not applied. An expectation matches the method
 * and the path including its query string exactly, so only requests without a query string can be
 * targeted this way (writes of status, Job creations and deletions, Events: all of those).
 */
final class ApiFaults {

  private static final int SERVER_ERROR = 500;
  private static final String BODY =
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
          + "\"message\":\"injected by the chaos test\",\"code\":500}";

  private final KubernetesMockServer server;
  private final String namespace;

  ApiFaults(KubernetesMockServer server, String namespace) {
    this.server = server;
    this.namespace = namespace;
  }

  /** The status writes of execution {@code name} (JSON patches of its status subresource). */
  void failStatusWrites(String name, int times) {
    String path = executionsPath() + "/" + name + "/status";
    server.expect().patch().withPath(path).andReturn(SERVER_ERROR, BODY).times(times);
  }

  /** Every Job creation in the namespace, whoever makes it. */
  void failJobCreations(int times) {
    server.expect().post().withPath(jobsPath()).andReturn(SERVER_ERROR, BODY).times(times);
  }

  /** Deletions of the Job named {@code job}. */
  void failJobDeletions(String job, int times) {
    server
        .expect()
        .delete()
        .withPath(jobsPath() + "/" + job)
        .andReturn(SERVER_ERROR, BODY)
        .times(times);
  }

  /** Every Event creation in the namespace (diagnostic H5: reporting must not break anything). */
  void failEventCreations(int times) {
    String path = "/api/v1/namespaces/" + namespace + "/events";
    server.expect().post().withPath(path).andReturn(SERVER_ERROR, BODY).times(times);
  }

  private String executionsPath() {
    return "/apis/terminus.dev/v1alpha1/namespaces/" + namespace + "/workflowexecutions";
  }

  private String jobsPath() {
    return "/apis/batch/v1/namespaces/" + namespace + "/jobs";
  }
}
