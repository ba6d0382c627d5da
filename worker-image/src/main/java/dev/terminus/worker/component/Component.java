package dev.terminus.worker.component;

import dev.terminus.worker.WorkerFailure;

/**
 * One kind of node work. An implementation checks its whole config before it does anything, and
 * reports every failure by throwing a {@link WorkerFailure} with a specific type; it never returns
 * error text as output (diagnostic H3).
 */
public interface Component {
  ComponentOutput run(ComponentContext context) throws WorkerFailure, InterruptedException;
}
