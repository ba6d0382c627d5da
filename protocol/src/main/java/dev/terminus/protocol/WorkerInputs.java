package dev.terminus.protocol;

/**
 * The shape of {@link WorkerEnv#INPUTS}: {@code {"execution": {<input>: <value>}, "<upstream
 * node>": "<its output>", ...}}. An upstream output the upstream worker kept in Redis is {@code
 * {"outputRef": "redis://host:port/<key>", "preview": "..."}}, so the downstream worker can read
 * all of it.
 */
public final class WorkerInputs {
  /** The field holding the execution's inputs. */
  public static final String EXECUTION = "execution";

  /** In an upstream entry kept in Redis: where the full output is. */
  public static final String OUTPUT_REF = "outputRef";

  /** In an upstream entry kept in Redis: the start of the output, as the status keeps it. */
  public static final String PREVIEW = "preview";

  /**
   * Bytes the upstream entries may take together. Linux refuses to start a process with one
   * environment string over 128 KiB (MAX_ARG_STRLEN); previews are already scaled down for large
   * executions, this bound covers a node with hundreds of upstream nodes. Refs are never cut: they
   * are what lets the downstream node read the full output.
   */
  public static final int MAX_UPSTREAM_BYTES = 64 * 1024;

  private WorkerInputs() {}
}
