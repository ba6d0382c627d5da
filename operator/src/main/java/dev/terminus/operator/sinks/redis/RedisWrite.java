package dev.terminus.operator.sinks.redis;

import dev.terminus.operator.sinks.ProjectedWrite;
import java.util.concurrent.CompletableFuture;

/** A write waiting in the Redis outbox. */
sealed interface RedisWrite {

  /** Publish the write's transitions and update the execution's live state. */
  record Publish(ProjectedWrite write) implements RedisWrite {}

  /** Remove every key of the execution; {@code settled} completes once done. */
  record DeleteKeys(String uid, CompletableFuture<Void> settled) implements RedisWrite {}
}
