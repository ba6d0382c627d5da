package dev.terminus.embedded;

import sun.misc.Signal;

/**
 * Runs an action on SIGINT (Ctrl-C) and SIGTERM instead of going straight to the JVM's shutdown
 * hooks, which run in no particular order. Where a signal cannot be handled here, the shutdown hook
 * remains the way out.
 */
final class StopSignals {
  private StopSignals() {}

  static void handle(Runnable action) {
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal.handle(new Signal(name), signal -> action.run());
      } catch (IllegalArgumentException e) {
        // The signal is not available on this platform or is reserved by the JVM.
      }
    }
  }
}
