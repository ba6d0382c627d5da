package dev.terminus.operator.bench;

import dev.terminus.operator.harness.TestCluster;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.net.http.HttpClient;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A client of a {@link TestCluster} that identifies itself: the User-Agent carries the {@link Tag}
 * (so the API server can count each side's requests), and every thread the client runs on (its HTTP
 * client's and its informers') is named {@code <tag>-http-N} or {@code <tag>-task-N} (so CPU time
 * can be attributed). Closing it closes the client and stops its threads.
 */
final class TaggedClient implements AutoCloseable {

  private final KubernetesClient client;
  private final ExecutorService tasks;
  private final ExecutorService http;

  TaggedClient(TestCluster cluster, Tag tag) {
    String prefix = tag.name().toLowerCase();
    this.tasks = Executors.newCachedThreadPool(new NamedThreads(prefix + "-task"));
    this.http = Executors.newCachedThreadPool(new NamedThreads(prefix + "-http"));
    this.client =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder(cluster.config()).withUserAgent(tag.userAgent()).build())
            .withHttpClientFactory(new ExecutorHttpClientFactory(http))
            .withTaskExecutor(tasks)
            .build();
  }

  KubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    tasks.shutdownNow();
    http.shutdownNow();
  }

  /** The JDK HTTP client on an executor of ours. */
  private static final class ExecutorHttpClientFactory extends JdkHttpClientFactory {
    private final ExecutorService executor;

    ExecutorHttpClientFactory(ExecutorService executor) {
      this.executor = executor;
    }

    @Override
    protected void additionalConfig(HttpClient.Builder builder) {
      builder.executor(executor);
    }
  }
}
