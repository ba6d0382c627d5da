package dev.terminus.operator.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic Job names: the same execution, node and attempt always give the same name, so a
 * replayed reconcile adopts the Job it created before instead of creating another.
 */
public final class JobNames {
  /** Job names become the job-name label of their Pods, and labels hold at most 63 chars. */
  public static final int MAX_LENGTH = 63;

  private JobNames() {}

  public static String forAttempt(String execution, String node, int attempt) {
    String suffix = "-" + attempt;
    String plain = execution + "-" + node + suffix;
    if (plain.length() <= MAX_LENGTH) {
      return plain;
    }
    String hash = sha256Hex(execution + "/" + node).substring(0, 10);
    int room = MAX_LENGTH - suffix.length() - hash.length() - 1;
    String prefix = trimTrailingDashes(plain.substring(0, room));
    return prefix + "-" + hash + suffix;
  }

  private static String trimTrailingDashes(String s) {
    int end = s.length();
    while (end > 1 && s.charAt(end - 1) == '-') {
      end--;
    }
    return s.substring(0, end);
  }

  private static String sha256Hex(String s) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
