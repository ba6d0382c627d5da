package dev.terminus.worker.component.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.terminus.worker.WorkerFailure;
import dev.terminus.worker.component.ComponentOutput;
import dev.terminus.worker.support.Contexts;
import dev.terminus.worker.support.FakeHttpServer;
import dev.terminus.worker.support.FakeHttpServer.Reply;
import dev.terminus.worker.support.Ports;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpComponentTest {
  private static final String INPUTS =
      "{\"execution\": {\"city\": \"Oslo\"}, \"fetch\": \"he said \\\"hi\\\"\"}";

  private final Contexts contexts = new Contexts();
  private final FakeHttpServer server =
      FakeHttpServer.start()
          .on("/ok", request -> Reply.of(200, "body of " + request.method()))
          .on("/created", request -> Reply.of(201, "made"))
          .on("/broken", request -> Reply.of(500, "x".repeat(2000)));

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void getReturnsTheBodyAsOutput() throws Exception {
    ComponentOutput output = run("{\"url\": \"" + server.baseUrl() + "/ok\"}");

    assertThat(output.output()).isEqualTo("body of GET");
  }

  @Test
  void postsATemplatedStringBodyWithHeadersToATemplatedUrl() throws Exception {
    ComponentOutput output =
        run(
            """
            {"method": "post", "url": "%s/ok?city=${execution.city}",
             "headers": {"X-Trace": "abc", "Content-Type": "text/plain"},
             "body": "upstream: ${inputs.fetch}"}
            """
                .formatted(server.baseUrl()));

    assertThat(output.output()).isEqualTo("body of POST");
    FakeHttpServer.Recorded request = server.requests().get(0);
    assertThat(request.query()).isEqualTo("city=Oslo");
    assertThat(request.header("X-Trace")).isEqualTo("abc");
    assertThat(request.header("Content-Type")).isEqualTo("text/plain");
    assertThat(request.body()).isEqualTo("upstream: he said \"hi\"");
  }

  @Test
  void aJsonBodyIsSentAsJsonWithInputsEscaped() throws Exception {
    run(
        """
        {"method": "PUT", "url": "%s/ok", "body": {"text": "${inputs.fetch}", "n": 2}}
        """
            .formatted(server.baseUrl()));

    FakeHttpServer.Recorded request = server.requests().get(0);
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(request.body()).isEqualTo("{\"text\":\"he said \\\"hi\\\"\",\"n\":2}");
  }

  @Test
  void expectedStatusMayBeAListAndDefaultsTo200() throws Exception {
    assertThat(
            run("{\"url\": \"%s/created\", \"expectedStatus\": [200, 201]}"
                    .formatted(server.baseUrl()))
                .output())
        .isEqualTo("made");
    assertThatThrownBy(() -> run("{\"url\": \"%s/created\"}".formatted(server.baseUrl())))
        .isInstanceOfSatisfying(
            WorkerFailure.class, failure -> assertThat(failure.type()).isEqualTo("HttpStatus"))
        .hasMessage("GET " + server.baseUrl() + "/created returned 201, expected 200; body: made");
  }

  @Test
  void anUnexpectedStatusCarriesTheCodeAndABodyExcerpt() {
    assertThatThrownBy(
            () -> run("{\"url\": \"%s/broken?token=secret\"}".formatted(server.baseUrl())))
        .isInstanceOfSatisfying(
            WorkerFailure.class,
            failure -> {
              assertThat(failure.type()).isEqualTo("HttpStatus");
              assertThat(failure.getMessage())
                  .startsWith(
                      "GET " + server.baseUrl() + "/broken returned 500, expected 200; body: xxx")
                  .doesNotContain("token=secret");
              assertThat(failure.getMessage().length()).isLessThan(700);
            });
  }

  @Test
  void noServerIsHttpError() throws Exception {
    int closed = Ports.closed();

    assertThatThrownBy(() -> run("{\"url\": \"http://127.0.0.1:" + closed + "/x\"}"))
        .isInstanceOfSatisfying(
            WorkerFailure.class, failure -> assertThat(failure.type()).isEqualTo("HttpError"))
        .hasMessageStartingWith("GET http://127.0.0.1:" + closed + "/x could not connect");
  }

  @Test
  void aSlowServerIsHttpErrorAfterTheTimeout() {
    server.on(
        "/slow",
        request -> {
          try {
            Thread.sleep(3000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Reply.of(200, "late");
        });

    assertThatThrownBy(
            () -> run("{\"url\": \"%s/slow\", \"timeoutSeconds\": 1}".formatted(server.baseUrl())))
        .isInstanceOfSatisfying(
            WorkerFailure.class, failure -> assertThat(failure.type()).isEqualTo("HttpError"))
        .hasMessageEndingWith("timed out after 1s");
  }

  @Test
  void configIsCheckedBeforeAnyRequest() {
    assertThatThrownBy(() -> run("{}")).hasMessage("http config: \"url\" is required");
    assertThatThrownBy(() -> run("{\"url\": \"ftp://host/x\"}"))
        .hasMessage("http config: \"url\" must be an absolute http:// or https:// URL");
    assertThatThrownBy(() -> run("{\"url\": \"http://h/\", \"expectedStatus\": \"200\"}"))
        .hasMessageContaining("\"expectedStatus\" must be a status code");
    assertThatThrownBy(() -> run("{\"url\": \"http://h/\", \"body\": 5}"))
        .hasMessageContaining("\"body\" must be a string or a JSON object or list");
    assertThatThrownBy(() -> run("{\"url\": \"http://h/${inputs.nope}\"}"))
        .isInstanceOfSatisfying(
            WorkerFailure.class, failure -> assertThat(failure.type()).isEqualTo("MissingInput"));
    assertThat(server.requests()).isEmpty();
  }

  private ComponentOutput run(String config) throws Exception {
    return new HttpComponent().run(contexts.context(config, INPUTS, Map.of()));
  }
}
