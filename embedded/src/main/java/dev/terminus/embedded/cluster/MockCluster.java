package dev.terminus.embedded.cluster;

import dev.terminus.kubesim.CrdFiles;
import dev.terminus.kubesim.MockApiServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import java.net.URI;

/**
 * The store of the embedded API: the fabric8 mock server in CRUD mode on localhost, with the
 * Terminus CRDs and the {@value #NAMESPACE} namespace. The operator and the local runner talk to it
 * directly (fabric8 clients, WebSocket watches); kubectl talks to the {@code ApiFront} in front of
 * it, which adds what a real API server has and the mock lacks.
 */
public final class MockCluster implements AutoCloseable {

  public static final String NAMESPACE = "default";

  private final MockApiServer api;
  private final KubernetesClient client;

  private MockCluster() {
    api = new MockApiServer(KubernetesMixedDispatcher::new, NAMESPACE);
    client = api.newClient();
  }

  /** Starts the store, installs every CRD found on the classpath and the default namespace. */
  public static MockCluster start() {
    MockCluster cluster = new MockCluster();
    try {
      CrdFiles.installAll(cluster.client);
      cluster
          .client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
          .create();
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The shared client (namespace {@value #NAMESPACE}); closed by {@link #close}. */
  public KubernetesClient client() {
    return client;
  }

  /** A new client of its own, closed by {@link #close} unless the caller closes it first. */
  public KubernetesClient newClient() {
    return api.newClient();
  }

  /** The plain-HTTP address of the store, e.g. {@code http://127.0.0.1:40123/}. */
  public URI url() {
    return api.url();
  }

  /** A client configuration pointing at the store. */
  public Config config() {
    return api.config();
  }

  @Override
  public void close() {
    api.close();
  }
}
