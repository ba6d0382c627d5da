package dev.terminus.worker;

/**
 * Every {@code error.type} the reference worker writes, in one place so the operator side and the
 * documentation can rely on the list. An exception that is not a {@link WorkerFailure} is reported
 * with its simple class name instead.
 */
public final class FailureTypes {
  /** A TERMINUS_* variable is missing or malformed. */
  public static final String INVALID_ENVIRONMENT = "InvalidEnvironment";

  /** TERMINUS_COMPONENT names no component of this worker. */
  public static final String UNKNOWN_COMPONENT = "UnknownComponent";

  /** TERMINUS_CONFIG is not valid for the component. */
  public static final String INVALID_CONFIG = "InvalidConfig";

  /** A {@code ${inputs.x}} or {@code ${execution.x}} placeholder names a value that is absent. */
  public static final String MISSING_INPUT = "MissingInput";

  /**
   * An upstream output that TERMINUS_INPUTS gives by reference ({@code outputRef}) cannot be read:
   * Redis is unreachable, or the key expired or was deleted. Never replaced by the preview: a node
   * must not silently work on half of its input.
   */
  public static final String INPUT_UNAVAILABLE = "InputUnavailable";

  /** A credential environment variable is unset or empty (diagnostic C5). */
  public static final String MISSING_CREDENTIAL = "MissingCredential";

  /** A credential variable holds something no HTTP header can carry (control characters). */
  public static final String INVALID_CREDENTIAL = "InvalidCredential";

  public static final String COMMAND_FAILED = "CommandFailed";
  public static final String COMMAND_TIMEOUT = "CommandTimeout";

  /** An HTTP exchange got a status the node did not expect. */
  public static final String HTTP_STATUS = "HttpStatus";

  /** No HTTP response at all: refused connection, DNS, TLS, timeout. */
  public static final String HTTP_ERROR = "HttpError";

  public static final String UNAUTHORIZED = "Unauthorized";
  public static final String MODEL_NOT_FOUND = "ModelNotFound";
  public static final String RATE_LIMITED = "RateLimited";

  /** The provider rejected the request (another 4xx): usually a config problem. */
  public static final String INVALID_REQUEST = "InvalidRequest";

  /** The provider failed (5xx) or answered something that is not a chat completion. */
  public static final String PROVIDER_ERROR = "ProviderError";

  /** The worker was stopped (SIGTERM) before it finished. */
  public static final String TERMINATED = "Terminated";

  private FailureTypes() {}
}
