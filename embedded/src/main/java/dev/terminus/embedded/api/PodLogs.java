package dev.terminus.embedded.api;

import java.util.Optional;

/**
 * Where {@code kubectl logs} reads a Pod's log: the local runner keeps each process's output in a
 * file. Without a runner, Pods have no log.
 */
@FunctionalInterface
public interface PodLogs {

  /**
   * The log of the Pod's container, its last {@code tailLines} lines when not negative; empty when
   * there is none.
   */
  Optional<String> read(String namespace, String pod, int tailLines);

  PodLogs NONE = (namespace, pod, tailLines) -> Optional.empty();
}
