package dev.terminus.operator.sinks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import redis.embedded.RedisServer;

/**
 * Real PostgreSQL and Redis servers for tests, from Maven artifacts that ship their binaries. Each
 * can be stopped and started again on the same port (and, for PostgreSQL, the same data), which is
 * how the outage tests take a store away from a running sink.
 */
public final class EmbeddedStores {
  private static Postgres sharedPostgres;
  private static Redis sharedRedis;

  private EmbeddedStores() {}

  /**
   * One PostgreSQL server for the whole test run (its first start, initdb included, takes seconds);
   * test classes keep apart by database. Outage tests stop and start it; test classes run one after
   * another.
   */
  public static synchronized Postgres postgres() {
    if (sharedPostgres == null) {
      sharedPostgres = new Postgres();
      Runtime.getRuntime().addShutdownHook(new Thread(sharedPostgres::close));
    }
    return sharedPostgres;
  }

  /** One Redis server for the whole test run. */
  public static synchronized Redis redis() {
    if (sharedRedis == null) {
      sharedRedis = new Redis();
      Runtime.getRuntime().addShutdownHook(new Thread(sharedRedis::close));
    }
    return sharedRedis;
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A PostgreSQL server that keeps its port and data across stop and start. */
  public static final class Postgres implements AutoCloseable {
    private final int port = freePort();
    private final Path data;
    private EmbeddedPostgres server;

    public Postgres() {
      try {
        data = Files.createTempDirectory("terminus-pg");
        // initdb runs as an unprivileged user when the tests run as root.
        data.toFile().setWritable(true, false);
        data.toFile().setReadable(true, false);
        data.toFile().setExecutable(true, false);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      start();
    }

    public Postgres start() {
      try {
        server =
            EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(30))
                .start();
        return this;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public void stop() {
      try {
        if (server != null) {
          server.close();
          server = null;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** With the credentials in the URL, as TERMINUS_POSTGRES_URL may carry them. */
    public String url(String database) {
      return "jdbc:postgresql://localhost:"
          + port
          + "/"
          + database
          + "?user=postgres&password=postgres";
    }

    /** A new, empty database. */
    public String createDatabase(String name) {
      try (var c = java.sql.DriverManager.getConnection(url("postgres"));
          var s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name);
        s.execute("CREATE DATABASE " + name);
        return url(name);
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    public boolean running() {
      return server != null;
    }

    @Override
    public void close() {
      stop();
    }
  }

  /** A Redis server that keeps its port across stop and start (its data does not survive). */
  public static final class Redis implements AutoCloseable {
    private final int port = freePort();
    private RedisServer server;

    public Redis() {
      start();
    }

    public Redis start() {
      try {
        server = RedisServer.newRedisServer().port(port).setting("save \"\"").build();
        server.start();
        return this;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public void stop() {
      try {
        if (server != null) {
          server.stop();
          server = null;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public int port() {
      return port;
    }

    public String url() {
      return "redis://localhost:" + port;
    }

    @Override
    public void close() {
      stop();
    }
  }
}
