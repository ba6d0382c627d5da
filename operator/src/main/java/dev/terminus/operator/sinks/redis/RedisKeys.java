package dev.terminus.operator.sinks.redis;

import java.util.List;

/**
 * Every Redis name Terminus uses; all under {@code terminus:}. Keys of one execution hold its uid
 * right after their kind ({@code terminus:<kind>:<uid>...}, the worker's heartbeats and outputs
 * included), so that deletion finds them all with SCAN and never touches a same-named execution of
 * another namespace.
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

  /**
   * What deletion removes: every key of the execution. Keys a worker wrote by name (an operator
   * from before TERMINUS_EXECUTION_UID) are left to their expiry: a name is not the execution's
   * own.
   */
  static List<String> patternsOf(String uid) {
    return List.of("terminus:*:" + uid + "*");
  }
}
