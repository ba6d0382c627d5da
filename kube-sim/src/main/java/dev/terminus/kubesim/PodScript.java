package dev.terminus.kubesim;

import io.fabric8.kubernetes.api.model.Pod;

/** Chooses the {@link PodPlan} of a Pod when the node agent first runs it. */
@FunctionalInterface
public interface PodScript {

  PodPlan planFor(Pod pod);

  /** The same plan for every Pod. */
  static PodScript always(PodPlan plan) {
    return pod -> plan;
  }
}
