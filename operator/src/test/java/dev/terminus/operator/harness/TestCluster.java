package dev.terminus.operator.harness;

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
import java.net.InetAddress;
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
 * An in-process Kubernetes API for tests: the fabric8 mock server in CRUD mode on localhost, with
 * the Terminus CRDs installed.
 *
 * <p>The mock is made a little more like a real API server: Jobs get a status subresource (see
 * {@link #treatJobStatusAsSubresource()}), and the requests it records are discarded so that a long
 * test does not keep every request body in memory. Nothing plays the Job controller here; use
 * {@link FakeJobController} for that.
 */
public final class TestCluster implements AutoCloseable {

  public static final String NAMESPACE = "default";

  private static final Logger LOG = LoggerFactory.getLogger(TestCluster.class);

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

  private TestCluster(RequestObserver observer) {
    MOCK_WEB_SERVER_LOG.setLevel(Level.WARNING);
    Map<ServerRequest, Queue<ServerResponse>> responses = new ConcurrentExpectations();
    // The mixed dispatcher is CRUD for everything, plus the canned "/" and "/version" answers
    // that KubernetesMockServer registers when it starts.
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new ObservedDispatcher(responses, observer),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    treatJobStatusAsSubresource();
    client = buildClient();
    janitor = Executors.newSingleThreadScheduledExecutor(Daemons.named("test-cluster-janitor"));
    janitor.scheduleWithFixedDelay(this::forgetRecordedRequests, 1, 1, TimeUnit.SECONDS);
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
    KubernetesClient fresh = buildClient();
    extraClients.add(fresh);
    return fresh;
  }

  /** A client configuration pointing at this cluster, for code that builds its own client. */
  public Config config() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(server.url("/"))
        .withNamespace(NAMESPACE)
        .withTrustCerts(true)
        .withDisableHostnameVerification(true)
        // As KubernetesMockServer.createClient does: the mock speaks HTTP/1.1 for watches.
        .withHttp2Disable(true)
        .build();
  }

  /** The underlying mock server, for tests that need its lower-level API. */
  public KubernetesMockServer server() {
    return server;
  }

  @Override
  public void close() {
    janitor.shutdownNow();
    extraClients.forEach(TestCluster::closeQuietly);
    closeQuietly(client);
    server.destroy();
  }

  private KubernetesClient buildClient() {
    return new KubernetesClientBuilder().withConfig(config()).build();
  }

  /**
   * A real API server ignores {@code status} when a Job is created or replaced, and only the {@code
   * /status} subresource changes it. The mock does that only for resources it knows as custom
   * resources with a status subresource, so Jobs are declared as such; without it an operator that
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

  /**
   * The expectations of {@code server().expect()}, safe to add while the server runs. The mock
   * keeps them in a HashMap of ArrayDeques, which its event loop reads and drains; a test thread
   * that adds one meanwhile (as fault injection does) could corrupt a deque and break a path for
   * good. Here the map is concurrent and every queue is a ConcurrentLinkedQueue, whatever the mock
   * asks for.
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

  private static void closeQuietly(KubernetesClient c) {
    try {
      c.close();
    } catch (RuntimeException e) {
      LOG.debug("Closing a client failed", e);
    }
  }
}
