-- Terminus' history of executions: a projection of the WorkflowExecution resources, written after
-- each status write. Every write is idempotent and moves forward only (by resourceVersion), so a
-- write re-sent after an outage, or a replay, changes nothing.

CREATE TABLE executions (
    uid                  TEXT PRIMARY KEY,
    namespace            TEXT        NOT NULL,
    name                 TEXT        NOT NULL,
    workflow_source      TEXT,
    phase                TEXT,
    reason               TEXT,
    message              TEXT,
    created_at           TIMESTAMPTZ,
    started_at           TIMESTAMPTZ,
    finished_at          TIMESTAMPTZ,
    progress             TEXT,
    usage_tokens         BIGINT,
    usage_cost_micros    BIGINT,
    generation           BIGINT,
    observed_generation  BIGINT,
    -- Opaque to Kubernetes, an increasing integer in practice: kept as given, and as a number
    -- (null when it is not one) that the forward-only upsert compares.
    resource_version     TEXT        NOT NULL,
    resource_version_num BIGINT,
    spec                 JSONB,
    status               JSONB,
    -- Set when the resource is deleted; the row and its history stay.
    deleted_at           TIMESTAMPTZ,
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX executions_by_name ON executions (namespace, name);
CREATE INDEX executions_by_phase ON executions (phase, finished_at);

CREATE TABLE node_attempts (
    execution_uid        TEXT        NOT NULL REFERENCES executions (uid) ON DELETE CASCADE,
    node                 TEXT        NOT NULL,
    attempt              INTEGER     NOT NULL,
    job                  TEXT,
    pod                  TEXT,
    phase                TEXT,
    reason               TEXT,
    exit_code            INTEGER,
    started_at           TIMESTAMPTZ,
    finished_at          TIMESTAMPTZ,
    -- resourceVersion of the status write this row comes from (forward-only upserts).
    resource_version_num BIGINT,
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (execution_uid, node, attempt)
);

-- Append-only audit log of phase changes. A transition is identified by the status write that
-- holds it (its resourceVersion) and its index in that write: both come from the resource, so a
-- re-sent write inserts nothing new. Order: resource_version_num, index_in_write.
CREATE TABLE execution_transitions (
    execution_uid        TEXT        NOT NULL REFERENCES executions (uid) ON DELETE CASCADE,
    resource_version     TEXT        NOT NULL,
    index_in_write       INTEGER     NOT NULL,
    resource_version_num BIGINT,
    node                 TEXT,
    from_phase           TEXT,
    to_phase             TEXT        NOT NULL,
    reason               TEXT,
    message              TEXT,
    at                   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (execution_uid, resource_version, index_in_write)
);

CREATE INDEX execution_transitions_in_order
    ON execution_transitions (execution_uid, resource_version_num, index_in_write);
