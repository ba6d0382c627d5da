package dev.terminus.kubesim;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * What runs a Pod's container for the {@link NodeAgent}: a script of outcomes in tests ({@link
 * ScriptedRuntime}), local processes for a demo. The runtime reports the container's course; the
 * agent turns each report into the Pod status the kubelet writes.
 */
public interface ContainerRuntime {

  /** Starts the container of {@code pod}; returns how to stop it when the Pod is deleted. */
  Container start(Pod pod, Reports reports);

  /** A started container. */
  interface Container {
    /** Stops it at once (the Pod is being deleted); later reports are ignored. */
    void stop();
  }

  /** What a container does, in the order it happens. */
  interface Reports {
    /** The container runs. */
    void running();

    /** The container cannot start (yet): waiting with the kubelet's reason. */
    void waiting(String reason, String message);

    /** The container ended with {@code exitCode}; {@code message} is its termination message. */
    void exited(int exitCode, String reason, String message);

    /** The kubelet evicted the Pod (memory pressure). */
    void evicted();
  }
}
