package dev.terminus.operator.sinks.postgres;

/** The statements of the PostgreSQL projection. */
final class ExecutionSql {
  private ExecutionSql() {}

  private static final String TERMINAL = "('Succeeded', 'Failed', 'Cancelled')";

  /**
   * Inserts or moves the row forward. Only a newer resourceVersion updates it, so a write re-sent
   * after newer ones (or a replay) changes nothing. When a version is not a number, writes arrive
   * in status-write order (one outbox per sink), so the newer wins, except that a terminal row is
   * never reopened. deleted_at is never touched here: a late write keeps the deletion mark.
   */
  static final String UPSERT_EXECUTION =
      """
      INSERT INTO executions (uid, namespace, name, workflow_source, phase, reason, message,
          created_at, started_at, finished_at, progress, usage_tokens, usage_cost_micros,
          generation, observed_generation, resource_version, resource_version_num, spec, status,
          updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, now())
      ON CONFLICT (uid) DO UPDATE SET
          namespace = EXCLUDED.namespace, name = EXCLUDED.name,
          workflow_source = EXCLUDED.workflow_source, phase = EXCLUDED.phase,
          reason = EXCLUDED.reason, message = EXCLUDED.message, created_at = EXCLUDED.created_at,
          started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at,
          progress = EXCLUDED.progress, usage_tokens = EXCLUDED.usage_tokens,
          usage_cost_micros = EXCLUDED.usage_cost_micros, generation = EXCLUDED.generation,
          observed_generation = EXCLUDED.observed_generation,
          resource_version = EXCLUDED.resource_version,
          resource_version_num = EXCLUDED.resource_version_num,
          spec = EXCLUDED.spec, status = EXCLUDED.status, updated_at = now()
      WHERE CASE
          WHEN executions.resource_version_num IS NOT NULL
              AND EXCLUDED.resource_version_num IS NOT NULL
          THEN executions.resource_version_num < EXCLUDED.resource_version_num
          ELSE executions.resource_version IS DISTINCT FROM EXCLUDED.resource_version
              AND NOT (COALESCE(executions.phase, '') IN %s
                  AND COALESCE(EXCLUDED.phase, '') NOT IN %s)
          END
      """
          .formatted(TERMINAL, TERMINAL);

  /** Same forward-only rule as the execution row, by the resourceVersion of the write. */
  static final String UPSERT_ATTEMPT =
      """
      INSERT INTO node_attempts (execution_uid, node, attempt, job, pod, phase, reason, exit_code,
          started_at, finished_at, resource_version_num, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
      ON CONFLICT (execution_uid, node, attempt) DO UPDATE SET
          job = EXCLUDED.job, pod = EXCLUDED.pod, phase = EXCLUDED.phase,
          reason = EXCLUDED.reason, exit_code = EXCLUDED.exit_code,
          started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at,
          resource_version_num = EXCLUDED.resource_version_num, updated_at = now()
      WHERE node_attempts.resource_version_num IS NULL
          OR EXCLUDED.resource_version_num IS NULL
          OR node_attempts.resource_version_num < EXCLUDED.resource_version_num
      """;

  /** Append-only: the key comes from the status write, so a re-sent transition is ignored. */
  static final String INSERT_TRANSITION =
      """
      INSERT INTO execution_transitions (execution_uid, resource_version, index_in_write,
          resource_version_num, node, from_phase, to_phase, reason, message, at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT DO NOTHING
      """;

  /** The first deletion time wins: a re-sent mark keeps it. */
  static final String MARK_DELETED =
      """
      UPDATE executions SET deleted_at = COALESCE(deleted_at, ?), updated_at = now()
      WHERE uid = ?
      """;

  static final String SELECT_STATE =
      "SELECT phase, resource_version, resource_version_num FROM executions WHERE uid = ?";
}
