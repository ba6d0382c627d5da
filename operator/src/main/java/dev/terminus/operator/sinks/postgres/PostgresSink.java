package dev.terminus.operator.sinks.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.operator.engine.Transition;
import dev.terminus.operator.sinks.Deletions;
import dev.terminus.operator.sinks.ExecutionRow;
import dev.terminus.operator.sinks.ProjectionSink;
import dev.terminus.operator.sinks.Projector;
import dev.terminus.operator.sinks.SinkTuning;
import dev.terminus.operator.sinks.outbox.Outbox;
import dev.terminus.operator.sinks.postgres.PostgresStore.StoredState;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Execution history in PostgreSQL: the {@code executions} row, {@code node_attempts} and the
 * append-only {@code execution_transitions}, written through an {@link Outbox} so that a database
 * outage delays the history and never the execution (H5). Every write is idempotent and
 * forward-only, so the outbox may re-send freely.
 */
public final class PostgresSink implements ProjectionSink {
  public static final String NAME = "postgres";
  private static final Logger log = LoggerFactory.getLogger(PostgresSink.class);

  private final HikariDataSource dataSource;
  private final PostgresStore store;
  private final Outbox<PostgresWrite> outbox;
  private final SinkTuning tuning;
  private final Clock clock;
  private final Deletions deletions = new Deletions();
  private final Map<String, CompletableFuture<Void>> reprojections = new ConcurrentHashMap<>();

  private PostgresSink(
      HikariDataSource dataSource, SinkTuning tuning, MeterRegistry registry, Clock clock) {
    this.dataSource = dataSource;
    this.store = new PostgresStore(dataSource);
    this.tuning = tuning;
    this.clock = clock;
    this.outbox =
        new Outbox<>(
            NAME,
            tuning.outboxCapacity(),
            store,
            new PostgresCoalescer(),
            new PostgresOverflow(),
            tuning.backoff(),
            registry,
            w -> w.settled().complete(null));
  }

  /** Starts even when the database is down: the pool connects, and migrates, on first use. */
  public static PostgresSink create(
      String url,
      String user,
      String password,
      SinkTuning tuning,
      MeterRegistry registry,
      Clock clock) {
    return new PostgresSink(
        dataSource(PostgresUrl.parse(url, user, password), tuning.connectTimeout()),
        tuning,
        registry,
        clock);
  }

  private static HikariDataSource dataSource(PostgresUrl url, Duration timeout) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("terminus-postgres");
    config.setJdbcUrl(url.jdbcUrl());
    config.setUsername(url.user());
    config.setPassword(url.password());
    // One writer (the outbox) plus the occasional hasFinalState read.
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(timeout.toMillis());
    config.setValidationTimeout(Math.max(250, timeout.toMillis() / 2));
    // Start without a database: the outbox waits for it.
    config.setInitializationFailTimeout(-1);
    config.addDataSourceProperty("connectTimeout", Math.max(1, timeout.toSeconds()));
    // A database that stops answering must not hang the outbox's thread forever.
    config.addDataSourceProperty("socketTimeout", 60);
    config.addDataSourceProperty("ApplicationName", "terminus-operator");
    return new HikariDataSource(config);
  }

  @Override
  public void statusWritten(WorkflowExecution execution, List<Transition> transitions) {
    try {
      outbox.offer(
          new PostgresWrite.Upsert(Projector.project(execution, transitions, clock.instant())));
    } catch (RuntimeException e) {
      log.warn("could not queue the history write: {}", e.toString());
    }
  }

  /**
   * Queues the last state and the deletion mark behind the execution's pending writes, so the mark
   * lands after its whole history. True once written; false while the database is down.
   */
  @Override
  public boolean deleted(WorkflowExecution execution) {
    String uid = execution.getMetadata().getUid();
    return deletions.done(
        uid,
        () -> {
          var mark =
              new PostgresWrite.MarkDeleted(
                  Projector.project(execution, List.of(), clock.instant()),
                  clock.instant(),
                  new CompletableFuture<>());
          outbox.offer(mark);
          return mark.settled();
        },
        outbox.healthy() ? tuning.deletionWait() : Duration.ZERO);
  }

  /**
   * True when the row holds a terminal phase at this resourceVersion or a newer one. When it does
   * not (a write given up in an overflow, lost in a restart, or a resourceVersion moved by a
   * metadata change), the execution as it is now is queued once more, so that a later call can
   * answer true.
   */
  @Override
  public boolean hasFinalState(WorkflowExecution execution) {
    if (!outbox.healthy()) {
      return false;
    }
    ExecutionRow now = Projector.project(execution, List.of(), clock.instant()).execution();
    try {
      Optional<StoredState> stored = store.state(now.uid());
      if (stored.isPresent() && covers(stored.get(), now)) {
        return true;
      }
    } catch (SQLException | RuntimeException e) {
      log.debug("could not read the history of {}: {}", now.uid(), e.toString());
      return false;
    }
    reproject(execution);
    return false;
  }

  private static boolean covers(StoredState stored, ExecutionRow now) {
    boolean terminal =
        Objects.equals(stored.phase(), "Succeeded")
            || Objects.equals(stored.phase(), "Failed")
            || Objects.equals(stored.phase(), "Cancelled");
    if (!terminal) {
      return false;
    }
    if (stored.resourceVersionNum() != null && now.resourceVersionNum() != null) {
      return stored.resourceVersionNum() >= now.resourceVersionNum();
    }
    return Objects.equals(stored.resourceVersion(), now.resourceVersion());
  }

  /** Queues the execution as it is now, unless a re-projection of it is already waiting. */
  private void reproject(WorkflowExecution execution) {
    String uid = execution.getMetadata().getUid();
    if (reprojections.containsKey(uid)) {
      return;
    }
    var upsert = new PostgresWrite.Upsert(Projector.project(execution, List.of(), clock.instant()));
    if (reprojections.putIfAbsent(uid, upsert.settled()) == null) {
      upsert.settled().whenComplete((ok, e) -> reprojections.remove(uid, upsert.settled()));
      outbox.offer(upsert);
    }
  }

  /** Writes not yet in the database. */
  public int backlog() {
    return outbox.backlog();
  }

  @Override
  public void close() {
    outbox.close();
    dataSource.close();
  }
}
