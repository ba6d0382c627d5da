package dev.terminus.worker.component;

import dev.terminus.protocol.WorkerResult.Usage;

/**
 * What a component produced.
 *
 * @param output the node's output, handed to downstream nodes as a string
 * @param usage what it consumed, or null when it has nothing to report
 */
public record ComponentOutput(String output, Usage usage) {
  public static ComponentOutput of(String output) {
    return new ComponentOutput(output, null);
  }
}
