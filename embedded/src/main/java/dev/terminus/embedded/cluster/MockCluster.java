package dev.terminus.embedded.cluster;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store of the embedded API: the fabric8 mock server in CRUD mode on localhost, with the
 * Terminus CRDs and the {@value #NAMESPACE} namespace. The operator and the local runner talk to it
 * directly (fabric8 clients, WebSocket watches); kubectl talks to the {@code ApiFront} in front of
 * it, which adds what a real API server has and the mock lacks.
 */
public final class MockCluster implements AutoCloseable {

  public static final String NAMESPACE = "default";

  private static final Logger LOG = LoggerFactory.getLogger(MockCluster.class);

  /**
   * The mock web server logs every request at INFO through java.util.logging. Held in a static
   * field because java.util.logging keeps loggers weakly: a level set on a collected logger is
   * lost.
   */
  private static final java.util.logging.Logger MOCK_WEB_SERVER_LOG =
      java.util.logging.Logger.getLogger(MockWebServer.class.getName());

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final List<KubernetesClient> extraClients = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService janitor;

  private MockCluster() {
    MOCK_WEB_SERVER_LOG.setLevel(Level.WARNING);
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    declareJobStatusSubresource();
    client = buildClient();
    janitor = Executors.newSingleThreadScheduledExecutor(Daemons.named("mock-cluster-janitor"));
    janitor.scheduleWithFixedDelay(this::forgetRecordedRequests, 1, 1, TimeUnit.SECONDS);
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
    KubernetesClient fresh = buildClient();
    extraClients.add(fresh);
    return fresh;
  }

  /** The plain-HTTP address of the store, e.g. {@code http://127.0.0.1:40123/}. */
  public URI url() {
    return URI.create(server.url("/"));
  }

  /** A client configuration pointing at the store. */
  public Config config() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(server.url("/"))
        .withNamespace(NAMESPACE)
        // As KubernetesMockServer.createClient does: the mock speaks HTTP/1.1 for watches.
        .withHttp2Disable(true)
        .build();
  }

  @Override
  public void close() {
    janitor.shutdownNow();
    extraClients.forEach(MockCluster::closeQuietly);
    closeQuietly(client);
    server.destroy();
  }

  private KubernetesClient buildClient() {
    return new KubernetesClientBuilder().withConfig(config()).build();
  }

  /**
   * A real API server ignores {@code status} when a Job is created or replaced: only the {@code
   * /status} subresource changes it. The mock does that only for resources it knows as custom
   * resources with a status subresource, so Jobs are declared as such.
   */
  private void declareJobStatusSubresource() {
    server.expectCustomResource(
        new CustomResourceDefinitionContext.Builder()
            .withGroup("batch")
            .withVersion("v1")
            .withPlural("jobs")
            .withKind("Job")
            .withScope("Namespaced")
            .withStatusSubresource(true)
            .build());
  }

  /** The mock server keeps every request it received in a queue nobody reads. */
  private void forgetRecordedRequests() {
    try {
      while (server.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
        // discard
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.debug("Could not drain recorded requests", e);
    }
  }

  private static void closeQuietly(KubernetesClient c) {
    try {
      c.close();
    } catch (RuntimeException e) {
      LOG.debug("Closing a client failed", e);
    }
  }
}
