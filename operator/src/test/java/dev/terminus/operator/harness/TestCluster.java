package dev.terminus.operator.harness;

import dev.terminus.kubesim.CrdFiles;
import dev.terminus.kubesim.MockApiServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/**
 * An in-process Kubernetes API for tests: the fabric8 mock server in CRUD mode on localhost (made a
 * little more like a real API server, see {@link MockApiServer}), with the Terminus CRDs installed.
 * Nothing plays the Job controller here; use {@link FakeJobController} for that.
 */
public final class TestCluster implements AutoCloseable {

  public static final String NAMESPACE = "default";

  private final MockApiServer api;
  private final KubernetesClient client;

  private TestCluster(RequestObserver observer) {
    api = new MockApiServer(responses -> new ObservedDispatcher(responses, observer), NAMESPACE);
    client = api.newClient();
  }

  /** Starts the API server and installs every CRD found on the classpath. */
  public static TestCluster start() {
    return start(RequestObserver.NONE);
  }

  /**
   * As {@link #start()}, with every request the API server serves reported to {@code observer}
   * (benchmarks count requests where a real API server would see them).
   */
  public static TestCluster start(RequestObserver observer) {
    TestCluster cluster = new TestCluster(observer);
    try {
      CrdFiles.installAll(cluster.client);
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * The shared client of this cluster (namespace {@value #NAMESPACE}); closed by {@link #close}.
   */
  public KubernetesClient client() {
    return client;
  }

  /**
   * A new client of its own (for an operator under test, say), closed by {@link #close} unless the
   * caller closes it first.
   */
  public KubernetesClient newClient() {
    return api.newClient();
  }

  /** A client configuration pointing at this cluster, for code that builds its own client. */
  public Config config() {
    return api.config();
  }

  /** The underlying mock server, for tests that need its lower-level API. */
  public KubernetesMockServer server() {
    return api.server();
  }

  @Override
  public void close() {
    api.close();
  }
}
