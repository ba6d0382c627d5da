package dev.terminus.worker;

/**
 * A failure the worker understands: {@link #type()} becomes {@code error.type} of the result and
 * the message becomes {@code error.message}. Components throw it instead of returning error text as
 * output (diagnostic H3), so a failure can never pass as data to the next node.
 */
public final class WorkerFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private final String type;

  public WorkerFailure(String type, String message) {
    super(message);
    this.type = type;
  }

  public WorkerFailure(String type, String message, Throwable cause) {
    super(message, cause);
    this.type = type;
  }

  /** A configuration problem found before the component did anything. */
  public static WorkerFailure invalidConfig(String message) {
    return new WorkerFailure(FailureTypes.INVALID_CONFIG, message);
  }

  public String type() {
    return type;
  }
}
