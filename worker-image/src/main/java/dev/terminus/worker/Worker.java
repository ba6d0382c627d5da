package dev.terminus.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.terminus.protocol.WorkerEnv;
import dev.terminus.protocol.WorkerResult;
import dev.terminus.worker.component.ComponentContext;
import dev.terminus.worker.component.ComponentOutput;
import dev.terminus.worker.component.Components;
import dev.terminus.worker.component.Templates;
import dev.terminus.worker.redis.HeartbeatPublisher;
import dev.terminus.worker.redis.RedisOutputReader;
import dev.terminus.worker.redis.RedisOutputStore;
import dev.terminus.worker.result.OutputStore;
import dev.terminus.worker.result.ResultFitter;
import dev.terminus.worker.result.ResultWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node attempt, from environment to result: parse the protocol variables, start heartbeats, run
 * the component, write exactly one result. Nothing escapes {@link #run()}: every outcome, including
 * a bug, ends as a written result and an exit code (diagnostic H2), and {@link #terminate()} covers
 * the one path that {@code run} cannot, being killed.
 */
public final class Worker {
  public static final int EXIT_SUCCEEDED = 0;
  public static final int EXIT_FAILED = 1;

  private final Optional<WorkerEnvironment> environment;
  private final WorkerFailure environmentProblem;
  private final Map<String, String> env;
  private final Clock clock;
  private final WorkerLog log;
  private final ResultWriter writer;

  public Worker(Map<String, String> env, PrintStream err, Clock clock) {
    WorkerEnvironment parsed = null;
    WorkerFailure problem = null;
    try {
      parsed = WorkerEnvironment.parse(env);
    } catch (WorkerFailure e) {
      problem = e;
    }
    this.environment = Optional.ofNullable(parsed);
    this.environmentProblem = problem;
    this.env = env;
    this.clock = clock;
    Redactor redactor = new Redactor(secretValues(env));
    this.log = new WorkerLog(err, redactor);
    this.writer =
        new ResultWriter(WorkerEnvironment.resultPath(env), resultFitter(), redactor, log);
  }

  /** Runs the attempt, writes its result and returns the exit code. */
  public int run() {
    if (environment.isEmpty()) {
      return finish(failed(environmentProblem));
    }
    WorkerEnvironment attempt = environment.get();
    log.info("running " + attempt.component() + " for " + attempt.attemptName());
    try (AutoCloseable heartbeat = startHeartbeat(attempt)) {
      ComponentOutput output = Components.named(attempt.component()).run(context(attempt));
      return finish(WorkerResult.succeeded(output.output(), output.usage()));
    } catch (WorkerFailure e) {
      return finish(failed(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return finish(WorkerResult.failed("Interrupted", "the worker was interrupted"));
    } catch (Exception | Error e) {
      // A bug or an exhausted JVM: still a failed result, typed by the exception's class.
      log.error("unexpected failure: " + stackTrace(e));
      return finish(WorkerResult.failed(e.getClass().getSimpleName(), messageOf(e)));
    }
  }

  /**
   * The SIGTERM path (a JVM shutdown hook): records "Terminated" unless a result is already
   * written, then stops what the attempt started, which would otherwise outlive the worker.
   */
  public void terminate() {
    boolean wrote =
        writer.writeOnce(
            WorkerResult.failed(
                FailureTypes.TERMINATED,
                "the worker was stopped (SIGTERM) before the node finished"));
    if (wrote) {
      log.warn("stopped before the node finished; wrote a Terminated result");
    }
    ProcessHandle.current().descendants().forEach(ProcessHandle::destroy);
  }

  private int finish(WorkerResult result) {
    if (!writer.writeOnce(result)) {
      return EXIT_FAILED; // terminate() got there first
    }
    if (result.succeeded()) {
      log.info("succeeded");
      return EXIT_SUCCEEDED;
    }
    log.warn("failed: " + result.errorType() + ": " + result.errorMessage());
    return EXIT_FAILED;
  }

  private ComponentContext context(WorkerEnvironment attempt) {
    Templates templates =
        new Templates(attempt.inputs(), new RedisOutputReader(attempt.redis(), log));
    return new ComponentContext(attempt.config(), templates, attempt.env(), log);
  }

  private AutoCloseable startHeartbeat(WorkerEnvironment attempt) {
    if (attempt.heartbeatInterval().isEmpty()) {
      return () -> {};
    }
    if (attempt.redis().isEmpty()) {
      log.warn(
          WorkerEnv.HEARTBEAT_INTERVAL_SECONDS
              + " is set but "
              + WorkerEnv.REDIS_URL
              + " is not: no heartbeats");
      return () -> {};
    }
    HeartbeatPublisher heartbeat =
        new HeartbeatPublisher(
            attempt.redis().get(),
            attempt.attemptKey(),
            attempt.heartbeatInterval().get(),
            clock,
            log);
    heartbeat.start();
    return heartbeat;
  }

  private ResultFitter resultFitter() {
    int storeAbove =
        environment.flatMap(WorkerEnvironment::outputPreviewChars).orElse(Integer.MAX_VALUE);
    return new ResultFitter(outputStore(), storeAbove);
  }

  private OutputStore outputStore() {
    return environment
        .filter(attempt -> attempt.redis().isPresent())
        .<OutputStore>map(
            attempt -> new RedisOutputStore(attempt.redis().get(), attempt.attemptKey(), log))
        .orElse(OutputStore.NONE);
  }

  private static WorkerResult failed(WorkerFailure failure) {
    return WorkerResult.failed(failure.type(), messageOf(failure));
  }

  private static String messageOf(Throwable e) {
    return e.getMessage() == null || e.getMessage().isBlank()
        ? e.getClass().getName()
        : e.getMessage();
  }

  private static String stackTrace(Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    return trace.toString();
  }

  /**
   * The values to keep out of the result and the log: the default API key variable and the one the
   * llm config names, read from the raw environment so redaction works even when parsing failed.
   */
  static List<String> secretValues(Map<String, String> env) {
    List<String> secrets = new ArrayList<>();
    secrets.add(env.get(WorkerEnv.API_KEY));
    try {
      JsonNode keyEnv =
          Json.MAPPER.readTree(env.getOrDefault(WorkerEnv.CONFIG, "{}")).path("apiKeyEnv");
      if (keyEnv.isTextual()) {
        secrets.add(env.get(keyEnv.asText().strip()));
      }
    } catch (Exception malformedConfig) {
      // reported by the environment parsing; nothing more to redact
    }
    return secrets;
  }
}
