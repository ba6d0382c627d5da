package dev.terminus.operator.harness;

import java.util.Objects;

/**
 * Chooses the {@link Behaviour} of each node attempt, from the Job's {@code terminus.dev/node} and
 * {@code terminus.dev/attempt} labels. Asked once per Job, when the fake controller first sees it.
 *
 * <pre>{@code
 * Script script = Script.always(Behaviour.succeed())
 *     .on("fetch", 1, Behaviour.exit(1, "connection refused"))
 *     .on("summarize", Behaviour.runForever());
 * }</pre>
 */
@FunctionalInterface
public interface Script {

  /**
   * @param node the node label, or "" when the Job has none
   * @param attempt the attempt label, or 0 when the Job has none (or it is not a number)
   */
  Behaviour behaviourFor(String node, int attempt);

  /** The same behaviour for every Job. */
  static Script always(Behaviour behaviour) {
    Objects.requireNonNull(behaviour);
    return (node, attempt) -> behaviour;
  }

  /** The default: every Job succeeds quickly. */
  static Script succeedAll() {
    return always(Behaviour.succeed());
  }

  /** This script, except that every attempt of {@code node} behaves as given. */
  default Script on(String node, Behaviour behaviour) {
    Objects.requireNonNull(behaviour);
    return (n, a) -> node.equals(n) ? behaviour : behaviourFor(n, a);
  }

  /** This script, except that attempt {@code attempt} of {@code node} behaves as given. */
  default Script on(String node, int attempt, Behaviour behaviour) {
    Objects.requireNonNull(behaviour);
    return (n, a) -> node.equals(n) && attempt == a ? behaviour : behaviourFor(n, a);
  }
}
