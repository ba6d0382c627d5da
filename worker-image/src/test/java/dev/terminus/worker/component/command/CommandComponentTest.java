package dev.terminus.worker.component.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.terminus.worker.WorkerFailure;
import dev.terminus.worker.component.ComponentOutput;
import dev.terminus.worker.support.Contexts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandComponentTest {
  private final Contexts contexts = new Contexts();
  private final ByteArrayOutputStream stderrCopy = new ByteArrayOutputStream();
  private final CommandComponent command =
      new CommandComponent(new PrintStream(stderrCopy, true, StandardCharsets.UTF_8));

  @Test
  void stdoutIsTheOutputWithoutTrailingLineBreaks() throws Exception {
    ComponentOutput output = run("{\"command\": [\"sh\", \"-c\", \"echo hello; echo world\"]}");

    assertThat(output.output()).isEqualTo("hello\nworld");
    assertThat(output.usage()).isNull();
  }

  @Test
  void argsFollowTheCommandAndEnvIsAdded() throws Exception {
    ComponentOutput output =
        run(
            """
            {"command": ["sh", "-c", "echo \\"$GREETING $1\\"", "sh"],
             "args": ["terminus"],
             "env": {"GREETING": "hi"}}
            """);

    assertThat(output.output()).isEqualTo("hi terminus");
  }

  @Test
  void placeholdersInCommandArgsAndEnvAreFilledFromTheInputs() throws Exception {
    ComponentOutput output =
        command.run(
            contexts.context(
                """
                {"command": ["sh", "-c", "echo \\"$TOPIC: $1\\"", "sh"],
                 "args": ["${inputs.fetch}"],
                 "env": {"TOPIC": "${execution.topic}"}}
                """,
                "{\"execution\": {\"topic\": \"zombies\"}, \"fetch\": \"it's \\\"quoted\\\"\"}",
                Map.of()));

    assertThat(output.output()).isEqualTo("zombies: it's \"quoted\"");
  }

  @Test
  void aPlaceholderNamingNoInputIsMissingInput() {
    assertThatThrownBy(() -> run("{\"command\": [\"echo\", \"${inputs.nope}\"]}"))
        .isInstanceOfSatisfying(
            WorkerFailure.class, failure -> assertThat(failure.type()).isEqualTo("MissingInput"));
  }

  @Test
  void theCommandRunsInTheTemporaryDirectoryTheOnlyWritablePlaceInThePod() throws Exception {
    ComponentOutput output = run("{\"command\": [\"sh\", \"-c\", \"pwd -P\"]}");

    assertThat(output.output())
        .isEqualTo(Path.of(System.getProperty("java.io.tmpdir")).toRealPath().toString());
  }

  @Test
  void nonZeroExitIsCommandFailedWithExitCodeAndStderr() {
    assertThatThrownBy(() -> run("{\"command\": [\"sh\", \"-c\", \"echo oops >&2; exit 3\"]}"))
        .isInstanceOfSatisfying(
            WorkerFailure.class,
            failure -> {
              assertThat(failure.type()).isEqualTo("CommandFailed");
              assertThat(failure.getMessage())
                  .isEqualTo("command exited with code 3; stderr: oops");
            });
    assertThat(stderrCopy.toString(StandardCharsets.UTF_8)).contains("oops");
  }

  @Test
  void failureCarriesOnlyTheLastTwoKilobytesOfStderr() {
    String script = "i=0; while [ $i -lt 500 ]; do echo line $i >&2; i=$((i+1)); done; exit 1";

    assertThatThrownBy(() -> run("{\"command\": [\"sh\", \"-c\", \"" + script + "\"]}"))
        .isInstanceOfSatisfying(
            WorkerFailure.class,
            failure -> {
              assertThat(failure.getMessage())
                  .startsWith("command exited with code 1; stderr (last 2048 bytes): ")
                  .endsWith("line 499")
                  .doesNotContain("line 0\n");
              assertThat(failure.getMessage().length()).isLessThan(2048 + 100);
            });
  }

  @Test
  void emptyStderrIsSaid() {
    assertThatThrownBy(() -> run("{\"command\": [\"false\"]}"))
        .hasMessage("command exited with code 1; stderr was empty");
  }

  @Test
  void aCommandThatDoesNotExistIsCommandFailed() {
    assertThatThrownBy(() -> run("{\"command\": [\"/no/such/program\"]}"))
        .isInstanceOfSatisfying(
            WorkerFailure.class,
            failure -> {
              assertThat(failure.type()).isEqualTo("CommandFailed");
              assertThat(failure.getMessage()).startsWith("could not start /no/such/program");
            });
  }

  @Test
  void timeoutKillsTheCommand() {
    long start = System.nanoTime();

    assertThatThrownBy(
            () ->
                run(
                    "{\"command\": [\"sh\", \"-c\", \"echo started >&2; sleep 30\"],"
                        + " \"timeoutSeconds\": 1}"))
        .isInstanceOfSatisfying(
            WorkerFailure.class,
            failure -> {
              assertThat(failure.type()).isEqualTo("CommandTimeout");
              assertThat(failure.getMessage())
                  .startsWith("command did not finish within 1s and was killed; stderr: started");
            });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void configIsCheckedBeforeAnythingRuns() {
    assertThatThrownBy(() -> run("{}"))
        .isInstanceOfSatisfying(
            WorkerFailure.class, failure -> assertThat(failure.type()).isEqualTo("InvalidConfig"))
        .hasMessageContaining("\"command\" is required");
    assertThatThrownBy(() -> run("{\"command\": \"echo hi\"}"))
        .hasMessageContaining("\"command\" must be a list of strings");
    assertThatThrownBy(() -> run("{\"command\": [\"true\"], \"timeoutSecond\": 5}"))
        .hasMessageContaining("unknown field \"timeoutSecond\"");
    assertThatThrownBy(() -> run("{\"command\": [\"true\"], \"timeoutSeconds\": 0}"))
        .hasMessageContaining("\"timeoutSeconds\" must be a positive integer");
    assertThatThrownBy(() -> run("{\"command\": [\"true\"], \"env\": {\"A\": [1]}}"))
        .hasMessageContaining("\"env.A\" must be a string");
  }

  private ComponentOutput run(String config) throws Exception {
    return command.run(contexts.context(config, "{}", Map.of()));
  }
}
