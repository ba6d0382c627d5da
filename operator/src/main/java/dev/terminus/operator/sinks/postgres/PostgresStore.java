package dev.terminus.operator.sinks.postgres;

import dev.terminus.operator.sinks.AttemptRow;
import dev.terminus.operator.sinks.ExecutionRow;
import dev.terminus.operator.sinks.TransitionRow;
import dev.terminus.operator.sinks.outbox.OutboxStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The PostgreSQL projection's JDBC side: applies a batch of writes in one transaction, and reads
 * what the history holds of an execution. The schema is migrated by Flyway before the first write,
 * not at construction, so that the operator starts while the database is down.
 */
final class PostgresStore implements OutboxStore<PostgresWrite> {
  private final DataSource dataSource;
  private volatile boolean migrated;

  PostgresStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** What the history holds of one execution. */
  record StoredState(String phase, String resourceVersion, Long resourceVersionNum) {}

  @Override
  public void apply(List<PostgresWrite> writes) throws SQLException {
    migrate();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        write(c, writes);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  @Override
  public boolean isTransient(Exception failure) {
    return SqlFailures.isTransient(failure);
  }

  @Override
  public String describe(Exception failure) {
    return SqlFailures.describe(failure);
  }

  Optional<StoredState> state(String uid) throws SQLException {
    if (!migrated) {
      return Optional.empty();
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(ExecutionSql.SELECT_STATE)) {
      s.setQueryTimeout(5);
      s.setString(1, uid);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        long num = r.getLong(3);
        return Optional.of(
            new StoredState(r.getString(1), r.getString(2), r.wasNull() ? null : num));
      }
    }
  }

  private void migrate() throws SQLException {
    if (migrated) {
      return;
    }
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .locations("classpath:db/migration")
          .load()
          .migrate();
      migrated = true;
    } catch (RuntimeException e) {
      // A migration that cannot run now (database down) is retried with the writes.
      throw new SQLException("schema migration failed: " + e.getMessage(), "08000", e);
    }
  }

  /** In order: executions first (the others reference them), then attempts, then transitions. */
  private static void write(Connection c, List<PostgresWrite> writes) throws SQLException {
    try (PreparedStatement executions = c.prepareStatement(ExecutionSql.UPSERT_EXECUTION);
        PreparedStatement attempts = c.prepareStatement(ExecutionSql.UPSERT_ATTEMPT);
        PreparedStatement transitions = c.prepareStatement(ExecutionSql.INSERT_TRANSITION);
        PreparedStatement deletions = c.prepareStatement(ExecutionSql.MARK_DELETED)) {
      for (PostgresWrite w : writes) {
        addExecution(executions, w.write().execution());
        for (AttemptRow a : w.write().attempts()) {
          addAttempt(attempts, w.write().execution(), a);
        }
        for (TransitionRow t : w.write().transitions()) {
          addTransition(transitions, t);
        }
        if (w instanceof PostgresWrite.MarkDeleted d) {
          deletions.setObject(1, timestamp(d.at()));
          deletions.setString(2, d.uid());
          deletions.addBatch();
        }
      }
      executions.executeBatch();
      attempts.executeBatch();
      transitions.executeBatch();
      deletions.executeBatch();
    }
  }

  private static void addExecution(PreparedStatement s, ExecutionRow e) throws SQLException {
    int i = 1;
    s.setString(i++, e.uid());
    s.setString(i++, e.namespace());
    s.setString(i++, e.name());
    s.setString(i++, e.workflowSource());
    s.setString(i++, e.phase());
    s.setString(i++, e.reason());
    s.setString(i++, e.message());
    s.setObject(i++, timestamp(e.createdAt()));
    s.setObject(i++, timestamp(e.startedAt()));
    s.setObject(i++, timestamp(e.finishedAt()));
    s.setString(i++, e.progress());
    setLong(s, i++, e.usageTokens());
    setLong(s, i++, e.usageCostMicros());
    setLong(s, i++, e.generation());
    setLong(s, i++, e.observedGeneration());
    s.setString(i++, e.resourceVersion() == null ? "" : e.resourceVersion());
    setLong(s, i++, e.resourceVersionNum());
    s.setString(i++, e.specJson());
    s.setString(i, e.statusJson());
    s.addBatch();
  }

  private static void addAttempt(PreparedStatement s, ExecutionRow e, AttemptRow a)
      throws SQLException {
    int i = 1;
    s.setString(i++, e.uid());
    s.setString(i++, a.node());
    s.setInt(i++, a.attempt());
    s.setString(i++, a.job());
    s.setString(i++, a.pod());
    s.setString(i++, a.phase());
    s.setString(i++, a.reason());
    if (a.exitCode() == null) {
      s.setNull(i++, Types.INTEGER);
    } else {
      s.setInt(i++, a.exitCode());
    }
    s.setObject(i++, timestamp(a.startedAt()));
    s.setObject(i++, timestamp(a.finishedAt()));
    setLong(s, i, e.resourceVersionNum());
    s.addBatch();
  }

  private static void addTransition(PreparedStatement s, TransitionRow t) throws SQLException {
    int i = 1;
    s.setString(i++, t.uid());
    s.setString(i++, t.resourceVersion() == null ? "" : t.resourceVersion());
    s.setInt(i++, t.index());
    setLong(s, i++, t.resourceVersionNum());
    s.setString(i++, t.node());
    s.setString(i++, t.from());
    s.setString(i++, t.to());
    s.setString(i++, t.reason());
    s.setString(i++, t.message());
    s.setObject(i, timestamp(t.at()));
    s.addBatch();
  }

  private static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
    if (value == null) {
      s.setNull(index, Types.BIGINT);
    } else {
      s.setLong(index, value);
    }
  }

  private static OffsetDateTime timestamp(Instant t) {
    return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}
