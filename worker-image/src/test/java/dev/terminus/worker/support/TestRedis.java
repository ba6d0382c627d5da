package dev.terminus.worker.support;

import dev.terminus.worker.redis.RedisUrl;
import dev.terminus.worker.redis.RespClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import redis.embedded.RedisServer;

/**
 * A real redis-server (the binary shipped in com.github.codemonstur:embedded-redis) on a free
 * loopback port, without persistence so it leaves no dump file behind.
 */
public final class TestRedis implements AutoCloseable {
  private final RedisServer server;
  private final int port;
  private final String password;

  private TestRedis(int port, String password) throws IOException {
    this.port = port;
    this.password = password;
    var builder =
        RedisServer.newRedisServer()
            .port(port)
            .bind("127.0.0.1")
            .setting("save \"\"")
            .setting("appendonly no");
    if (password != null) {
      builder.setting("requirepass " + password);
    }
    this.server = builder.build();
    server.start();
  }

  public static TestRedis start() {
    return start(null);
  }

  public static TestRedis start(String password) {
    try {
      return new TestRedis(Ports.free(), password);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return password == null
        ? "redis://127.0.0.1:" + port
        : "redis://:" + password + "@127.0.0.1:" + port;
  }

  public RespClient client() throws IOException {
    return RespClient.connect(RedisUrl.parse(url()), Duration.ofSeconds(5));
  }

  @Override
  public void close() throws IOException {
    server.stop();
  }
}
