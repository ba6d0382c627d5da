package dev.terminus.operator.sinks.redis;

import java.util.List;

/**
 * Every Redis name Terminus uses; all under {@code terminus:}. Keys of one execution end with its
 * uid (or, for keys the worker writes, start with the execution's name after the prefix), so that
 * deletion can find them all with SCAN.
 */
public final class RedisKeys {
  /** Capped stream of every transition of every execution. */
  public static final String STREAM = "terminus:stream";

  private RedisKeys() {}

  /** Pub/sub channel of one execution's transitions (a channel, not a key). */
  public static String channel(String uid) {
    return "terminus:events:" + uid;
  }

  /** Hash with the execution's latest phase, reason, progress and resourceVersion. */
  public static String state(String uid) {
    return "terminus:execution:" + uid;
  }

  /** What deletion removes: the keys of the execution (by uid) and the worker's (by name). */
  static List<String> patternsOf(String uid, String name) {
    return List.of(
        "terminus:*:" + uid + "*",
        "terminus:heartbeat:" + name + ":*",
        "terminus:output:" + name + ":*");
  }
}
