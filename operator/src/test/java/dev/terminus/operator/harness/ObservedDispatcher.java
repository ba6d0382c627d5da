package dev.terminus.operator.harness;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Map;
import java.util.Queue;

/**
 * The mock server's CRUD dispatcher, reporting each request it served to a {@link RequestObserver}.
 */
final class ObservedDispatcher extends KubernetesMixedDispatcher {

  private final RequestObserver observer;

  ObservedDispatcher(
      Map<ServerRequest, Queue<ServerResponse>> responses, RequestObserver observer) {
    super(responses);
    this.observer = observer;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
    long start = System.nanoTime();
    MockResponse response = super.dispatch(request);
    observer.served(request, body, response, start, System.nanoTime());
    return response;
  }
}
