package dev.terminus.worker.result;

import dev.terminus.protocol.WorkerResult;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

/**
 * Makes a result's JSON fit in a Kubernetes termination message (4096 bytes; the kubelet cuts
 * anything longer, which would leave invalid JSON). A large output is handed to the {@link
 * OutputStore} whole and replaced by the longest preview that fits; an error message that is still
 * too long is cut the same way.
 *
 * <p>An output that fits but is longer than the node's status keeps ({@code storeAbove} chars) is
 * stored too, and referenced, so that downstream nodes, which get outputs from the status, can
 * still read all of it; the result keeps it whole.
 */
public final class ResultFitter {
  private final OutputStore store;
  private final int maxBytes;
  private final int storeAbove;

  public ResultFitter(OutputStore store) {
    this(store, WorkerResult.MAX_BYTES, Integer.MAX_VALUE);
  }

  /**
   * @param storeAbove outputs longer than this many chars are stored even when they fit
   */
  public ResultFitter(OutputStore store, int storeAbove) {
    this(store, WorkerResult.MAX_BYTES, storeAbove);
  }

  ResultFitter(OutputStore store, int maxBytes, int storeAbove) {
    this.store = store;
    this.maxBytes = maxBytes;
    this.storeAbove = storeAbove;
  }

  /** The JSON to write: never longer than the limit, always valid. */
  public String fit(WorkerResult result) {
    boolean fits = fits(result);
    boolean longerThanStatusKeeps =
        result.output() != null && result.output().length() > storeAbove;
    if (fits && !longerThanStatusKeeps) {
      return result.toJson();
    }
    WorkerResult fitted = result;
    if (result.output() != null) {
      String ref = store.store(result.output()).orElse(null);
      if (fits) {
        // Kept whole; the ref only spares downstream nodes the status's cut.
        return (ref == null ? result : result.withRef(ref)).toJson();
      }
      String full = result.output();
      fitted = longestFitting(full, n -> result.withPreview(prefix(full, n), ref));
    }
    if (!fits(fitted) && fitted.errorMessage() != null) {
      WorkerResult base = fitted;
      String message = base.errorMessage();
      fitted = longestFitting(message, n -> base.withErrorMessage(prefix(message, n)));
    }
    return fitted.toJson();
  }

  private boolean fits(WorkerResult result) {
    return bytes(result.toJson()) <= maxBytes;
  }

  /**
   * Binary search for the longest prefix of {@code text} whose result fits. Every character takes
   * at least one byte, so no prefix longer than the limit can fit: the search stays cheap even for
   * a huge output.
   */
  private WorkerResult longestFitting(String text, IntFunction<WorkerResult> withPrefix) {
    int low = 0;
    int high = Math.min(text.length(), maxBytes);
    while (low < high) {
      int middle = (low + high + 1) >>> 1;
      if (fits(withPrefix.apply(middle))) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return withPrefix.apply(low);
  }

  /** The first {@code length} chars, one fewer when that would split a surrogate pair. */
  static String prefix(String text, int length) {
    int end = Math.min(length, text.length());
    if (end > 0 && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end);
  }

  private static int bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8).length;
  }
}
