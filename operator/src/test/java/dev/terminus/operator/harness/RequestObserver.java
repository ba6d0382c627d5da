package dev.terminus.operator.harness;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * Told about every request the {@link TestCluster}'s API server has served, on the server's own
 * thread, so it must be quick.
 */
@FunctionalInterface
public interface RequestObserver {

  RequestObserver NONE = (request, body, response, startNanos, endNanos) -> {};

  /**
   * @param body the request's body, as received (the server consumes the request's own copy)
   * @param startNanos {@link System#nanoTime()} when the server began handling the request
   * @param endNanos {@link System#nanoTime()} when its answer was ready (the change, if any, is
   *     stored and its watch events are sent)
   */
  void served(
      RecordedRequest request, byte[] body, MockResponse response, long startNanos, long endNanos);
}
