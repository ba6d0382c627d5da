package dev.terminus.operator.bench;

import dev.terminus.operator.harness.RequestObserver;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every request the API server served, as {@link ApiCall}s. Kept in memory until {@link #drain()}.
 * The bodies of the operator's Job creates and execution status writes are kept (the latency
 * figures are read from them) unless {@link #keepBodies(boolean)} turns that off.
 */
final class ApiLedger implements RequestObserver {

  private final Queue<ApiCall> calls = new ConcurrentLinkedQueue<>();
  private volatile boolean keepBodies = true;

  void keepBodies(boolean keep) {
    this.keepBodies = keep;
  }

  @Override
  public void served(
      RecordedRequest request,
      byte[] requestBody,
      MockResponse response,
      long startNanos,
      long endNanos) {
    ApiPath path = ApiPath.parse(request.getPath());
    Tag client = Tag.ofUserAgent(request.getHeader("User-Agent"));
    String verb = path.verb(request.getMethod());
    String body =
        keepBodies && isAnalysed(client, verb, path)
            ? new String(requestBody, StandardCharsets.UTF_8)
            : null;
    calls.add(
        new ApiCall(
            client,
            verb,
            path.resource(),
            path.subresource(),
            path.name(),
            response == null ? 0 : response.code(),
            startNanos,
            endNanos,
            body));
  }

  /** The calls served since the last drain, in the order they ended; the ledger is emptied. */
  List<ApiCall> drain() {
    List<ApiCall> out = new java.util.ArrayList<>();
    for (ApiCall c = calls.poll(); c != null; c = calls.poll()) {
      out.add(c);
    }
    return out;
  }

  private static boolean isAnalysed(Tag client, String verb, ApiPath path) {
    if (client != Tag.OPERATOR) {
      return false;
    }
    return (verb.equals("create") && path.resource().equals("jobs"))
        || (verb.equals("patch")
            && path.resource().equals("workflowexecutions")
            && path.subresource().equals("status"));
  }
}
