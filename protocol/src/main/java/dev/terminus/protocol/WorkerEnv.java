package dev.terminus.protocol;

/**
 * The environment the operator gives a node's container: the names of the worker protocol's
 * variables. The operator sets them on every node Job; the reference worker reads them; a node with
 * an image of its own may read them too. The worker README's table lists exactly these.
 */
public final class WorkerEnv {
  /** What every name here starts with; a node's own {@code env} may not use it. */
  public static final String PREFIX = "TERMINUS_";

  /** The execution's name (required): for logs, and the keys of an operator that gives no uid. */
  public static final String EXECUTION = "TERMINUS_EXECUTION";

  /**
   * The execution's {@code metadata.uid}, which names its Redis keys ({@link RedisKeys}): unique
   * across namespaces and re-creations, unlike the name, so two executions of one name never share
   * a heartbeat or an output. Optional for the worker (an operator from before it was passed).
   */
  public static final String EXECUTION_UID = "TERMINUS_EXECUTION_UID";

  /** The node's name (required). */
  public static final String NODE = "TERMINUS_NODE";

  /** The attempt's number, a non-negative integer (required). */
  public static final String ATTEMPT = "TERMINUS_ATTEMPT";

  /** The component to run: {@code command}, {@code http} or {@code llm}. */
  public static final String COMPONENT = "TERMINUS_COMPONENT";

  /** The component's config, a JSON object (the node's {@code config}). */
  public static final String CONFIG = "TERMINUS_CONFIG";

  /** The execution's inputs and the upstream outputs, a JSON object: see {@link WorkerInputs}. */
  public static final String INPUTS = "TERMINUS_INPUTS";

  /** Where the worker writes its result; {@link #DEFAULT_RESULT_PATH} when unset. */
  public static final String RESULT_PATH = "TERMINUS_RESULT_PATH";

  /**
   * The Redis for large outputs and heartbeats, {@code redis://[[user]:password@]host[:port][/db]}
   * ({@code rediss://} for TLS). Optional.
   */
  public static final String REDIS_URL = "TERMINUS_REDIS_URL";

  /** Seconds between heartbeats, a positive integer ({@link RedisKeys#heartbeat}). Optional. */
  public static final String HEARTBEAT_INTERVAL_SECONDS = "TERMINUS_HEARTBEAT_INTERVAL_SECONDS";

  /**
   * How much of an output the node's status keeps, a non-negative integer: with Redis, a longer
   * output is stored (and referenced) even when it fits, so downstream nodes get it whole.
   * Optional.
   */
  public static final String OUTPUT_PREVIEW_CHARS = "TERMINUS_OUTPUT_PREVIEW_CHARS";

  /**
   * The llm component's API key, from a Secret: the variable a node's {@code credentials} fill when
   * they name no other.
   */
  public static final String API_KEY = "TERMINUS_API_KEY";

  /** Where Kubernetes reads a container's termination message. */
  public static final String DEFAULT_RESULT_PATH = "/dev/termination-log";

  private WorkerEnv() {}
}
