package dev.terminus.worker.component;

import dev.terminus.worker.FailureTypes;
import dev.terminus.worker.WorkerFailure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** What the http and llm components share: one way to send, and safe ways to describe. */
public final class HttpCalls {
  /** How much of a response body goes into an error message. */
  public static final int BODY_EXCERPT_CHARS = 512;

  private HttpCalls() {}

  /**
   * HTTP/1.1 only: the JDK client's cleartext HTTP/2 upgrade ("Upgrade: h2c") confuses some
   * in-cluster servers and proxies, and every chat endpoint speaks HTTP/1.1.
   */
  public static HttpClient client(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  /** Sends; a missing response (refused, DNS, TLS, timeout) is an {@code HttpError}. */
  public static HttpResponse<String> send(HttpClient client, HttpRequest request, Duration timeout)
      throws WorkerFailure, InterruptedException {
    String target = request.method() + " " + describe(request.uri());
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new WorkerFailure(
          FailureTypes.HTTP_ERROR, target + " timed out after " + timeout.toSeconds() + "s");
    } catch (ConnectException e) {
      throw new WorkerFailure(FailureTypes.HTTP_ERROR, target + " could not connect: " + reason(e));
    } catch (IOException e) {
      throw new WorkerFailure(FailureTypes.HTTP_ERROR, target + " failed: " + reason(e));
    }
  }

  /** scheme://host[:port]/path: no user info and no query, which may carry credentials. */
  public static String describe(URI uri) {
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return uri.getScheme() + "://" + uri.getHost() + port + path;
  }

  public static String excerpt(String body) {
    if (body == null || body.isBlank()) {
      return "(empty body)";
    }
    String trimmed = body.strip();
    return trimmed.length() <= BODY_EXCERPT_CHARS
        ? trimmed
        : trimmed.substring(0, BODY_EXCERPT_CHARS) + "…";
  }

  private static String reason(IOException e) {
    Throwable cause = e;
    while (cause.getMessage() == null && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
