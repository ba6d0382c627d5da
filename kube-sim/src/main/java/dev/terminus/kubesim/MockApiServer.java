package dev.terminus.kubesim;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fabric8 mock server in CRUD mode on localhost, made a little more like a real API server:
 * Jobs get a status subresource (see {@link #treatJobStatusAsSubresource()}), expectations may be
 * added while it runs, and the requests it records are discarded so that a long run does not keep
 * every request body in memory. The operator's test cluster and embedded mode's store both run on
 * it.
 */
public final class MockApiServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MockApiServer.class);

  /**
   * The mock web server logs every request at INFO through java.util.logging. Held in a static
   * field because java.util.logging keeps loggers weakly: a level set on a collected logger is
   * lost.
   */
  private static final java.util.logging.Logger MOCK_WEB_SERVER_LOG =
      java.util.logging.Logger.getLogger(MockWebServer.class.getName());

  private final KubernetesMockServer server;
  private final String namespace;
  private final List<KubernetesClient> clients = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService janitor;

  /**
   * @param dispatcher the dispatcher over the server's expectations: a {@code
   *     KubernetesMixedDispatcher} (CRUD for everything, plus the canned "/" and "/version"
   *     answers), or one that wraps it
   * @param namespace the namespace of the clients this server hands out
   */
  public MockApiServer(
      Function<Map<ServerRequest, Queue<ServerResponse>>, Dispatcher> dispatcher,
      String namespace) {
    MOCK_WEB_SERVER_LOG.setLevel(Level.WARNING);
    Map<ServerRequest, Queue<ServerResponse>> responses = new ConcurrentExpectations();
    this.server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), responses, dispatcher.apply(responses), false);
    this.namespace = namespace;
    server.init(InetAddress.getLoopbackAddress(), 0);
    treatJobStatusAsSubresource();
    janitor = Executors.newSingleThreadScheduledExecutor(Daemons.named("mock-api-janitor"));
    janitor.scheduleWithFixedDelay(this::forgetRecordedRequests, 1, 1, TimeUnit.SECONDS);
  }

  /** The plain-HTTP address of the server, e.g. {@code http://127.0.0.1:40123/}. */
  public URI url() {
    return URI.create(server.url("/"));
  }

  /** A client configuration pointing at the server, for code that builds its own client. */
  public Config config() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(server.url("/"))
        .withNamespace(namespace)
        .withTrustCerts(true)
        .withDisableHostnameVerification(true)
        // As KubernetesMockServer.createClient does: the mock speaks HTTP/1.1 for watches.
        .withHttp2Disable(true)
        .build();
  }

  /** A new client of its own, closed by {@link #close} unless the caller closes it first. */
  public KubernetesClient newClient() {
    KubernetesClient fresh = new KubernetesClientBuilder().withConfig(config()).build();
    clients.add(fresh);
    return fresh;
  }

  /** The underlying mock server, for code that needs its lower-level API (expectations). */
  public KubernetesMockServer server() {
    return server;
  }

  @Override
  public void close() {
    janitor.shutdownNow();
    clients.forEach(MockApiServer::closeQuietly);
    server.destroy();
  }

  /**
   * A real API server ignores {@code status} when a Job is created or replaced, and only the {@code
   * /status} subresource changes it. The mock does that only for resources it knows as custom
   * resources with a status subresource, so Jobs are declared as such; without it a client that
   * replaces a Job it read earlier would silently overwrite the Job's status, which cannot happen
   * on a real cluster.
   */
  private void treatJobStatusAsSubresource() {
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

  /**
   * The expectations of {@code server().expect()}, safe to add while the server runs. The mock
   * keeps them in a HashMap of ArrayDeques, which its event loop reads and drains; a thread that
   * adds one meanwhile (as fault injection does) could corrupt a deque and break a path for good.
   * Here the map is concurrent and every queue is a ConcurrentLinkedQueue, whatever the mock asks
   * for.
   */
  private static final class ConcurrentExpectations
      extends ConcurrentHashMap<ServerRequest, Queue<ServerResponse>> {

    @Override
    public Queue<ServerResponse> computeIfAbsent(
        ServerRequest key,
        Function<? super ServerRequest, ? extends Queue<ServerResponse>> ignored) {
      return super.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>());
    }
  }
}
