package dev.terminus.worker.redis;

import java.io.IOException;

/** Redis answered with an error reply ({@code -ERR ...}) or something this client cannot read. */
public final class RedisException extends IOException {
  private static final long serialVersionUID = 1L;

  public RedisException(String message) {
    super(message);
  }
}
