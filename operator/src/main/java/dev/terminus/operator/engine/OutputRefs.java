package dev.terminus.operator.engine;

import dev.terminus.protocol.RedisKeys;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Decides which {@code outputRef} of a worker result the status may record and downstream nodes may
 * be given: {@code redis://host:port/}{@link RedisKeys#output} of this execution's uid (or {@code
 * rediss://}) and nothing else (a name is shared by same-named executions of other namespaces). A
 * worker is any image, so its result is untrusted text: a URL with userinfo would put a password
 * into the status and every downstream Job, and any other scheme or key (one of another execution
 * included) would point downstream workers at something that is not this execution's output, which
 * the finalizer would not clean up either.
 */
public final class OutputRefs {
  /** Far above any real ref (host, 63-char names): a longer one is not a ref but a payload. */
  static final int MAX_CHARS = 512;

  private OutputRefs() {}

  /** The ref when it has the accepted form for the outputs of the execution of this uid. */
  public static Optional<String> accepted(String ref, String executionUid) {
    if (ref == null || ref.length() > MAX_CHARS || !printableAscii(ref)) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(ref);
    } catch (URISyntaxException malformed) {
      return Optional.empty();
    }
    boolean ok =
        ("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme()))
            && uri.getRawUserInfo() == null
            && uri.getHost() != null
            && uri.getPort() > 0
            && uri.getRawQuery() == null
            && uri.getRawFragment() == null
            && uri.getRawPath() != null
            && uri.getRawPath().startsWith(keyPrefix(executionUid))
            && uri.getRawPath().length() > keyPrefix(executionUid).length();
    return ok ? Optional.of(ref) : Optional.empty();
  }

  /** The path every ref of the execution starts with: its keys, which its deletion removes. */
  private static String keyPrefix(String executionUid) {
    return "/" + RedisKeys.OUTPUT_PREFIX + executionUid + ":";
  }

  /** No spaces, controls or non-ASCII: a key Terminus writes is made of names and numbers. */
  private static boolean printableAscii(String s) {
    return s.chars().allMatch(c -> c > 0x20 && c < 0x7f);
  }
}
