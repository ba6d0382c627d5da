package dev.terminus.operator.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One {@code TERMINUS_*} environment variable of the operator, declared once: its name, how it is
 * parsed and validated, its default and its description. {@link #ALL} is the table the environment
 * parser ({@link OperatorConfig#fromEnvironment}), the README's configuration table and the chart's
 * check ({@code helm/operator-settings.json}, written from it) are derived from; tests fail when
 * they disagree.
 *
 * @param <T> the parsed type
 * @param name the environment variable
 * @param expected what a valid value is, for the error a malformed value fails the start with
 * @param parser parses a trimmed, non-blank value; throws {@link IllegalArgumentException} if it is
 *     malformed
 * @param defaultValue the value when the variable is unset or blank, as the environment would give
 *     it; empty: unset (the typed value is null)
 * @param shownDefault the default as the README shows it
 * @param description what it does (markdown, the README's "Meaning" column)
 * @param secret never printed, not even in an error message
 */
public record Setting<T>(
    String name,
    String expected,
    Function<String, T> parser,
    String defaultValue,
    String shownDefault,
    String description,
    boolean secret) {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final List<String> LEVELS =
      List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

  public static final Setting<Set<String>> WATCH_NAMESPACES =
      new Setting<>(
          "TERMINUS_WATCH_NAMESPACES",
          "comma-separated namespace names",
          Setting::namespaces,
          "",
          "all",
          "Comma-separated namespaces to watch.",
          false);
  public static final Setting<Duration> RESYNC =
      seconds(
          "TERMINUS_RESYNC_SECONDS",
          30,
          "Every execution is re-examined at least this often (watchdog).");
  public static final Setting<Duration> WORKFLOW_NOT_FOUND_TIMEOUT =
      seconds(
          "TERMINUS_WORKFLOW_NOT_FOUND_TIMEOUT_SECONDS",
          300,
          "How long an execution waits for a missing Workflow.");
  public static final Setting<Duration> DEADLINE_GRACE =
      seconds(
          "TERMINUS_DEADLINE_GRACE_SECONDS",
          30,
          "Grace past a node's deadline before the watchdog deletes the Job itself.");
  public static final Setting<Duration> DEFAULT_NODE_DEADLINE =
      seconds(
          "TERMINUS_DEFAULT_NODE_DEADLINE_SECONDS",
          3600,
          "Node deadline when neither node nor defaults set one: every Job has one.");
  public static final Setting<Duration> DEFAULT_PENDING_TIMEOUT =
      seconds(
          "TERMINUS_DEFAULT_PENDING_TIMEOUT_SECONDS",
          600,
          "Pending bound when the node sets none.");
  public static final Setting<Duration> POD_LOST_GRACE =
      seconds(
          "TERMINUS_POD_LOST_GRACE_SECONDS",
          60,
          "How long an active Job may lack the Pod it had before the node is Lost.");
  public static final Setting<Duration> DELETION_TIMEOUT =
      seconds(
          "TERMINUS_DELETION_TIMEOUT_SECONDS",
          60,
          "How long cleanup of a deleted execution may retry before it is released.");
  public static final Setting<String> WORKER_IMAGE =
      new Setting<>(
          "TERMINUS_WORKER_IMAGE",
          "an image reference without spaces",
          v -> require(!v.contains(" "), v),
          "ghcr.io/terminus-dev/worker:0.1.0",
          "`ghcr.io/terminus-dev/worker:0.1.0`",
          "Image of nodes with a `component` and no `image`.",
          false);
  public static final Setting<Integer> RECONCILE_THREADS =
      new Setting<>(
          "TERMINUS_RECONCILE_THREADS",
          "an integer from 1 to 1000",
          v -> {
            int n = Integer.parseInt(v);
            return require(n >= 1 && n <= 1000, n);
          },
          "10",
          "10",
          "Concurrent reconciles.",
          false);
  public static final Setting<Boolean> LEADER_ELECTION =
      new Setting<>(
          "TERMINUS_LEADER_ELECTION",
          "true or false",
          v ->
              require(
                  v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false"),
                  Boolean.parseBoolean(v)),
          "false",
          "false",
          "Run active/passive behind the Lease `terminus-operator` in the operator's namespace (set"
              + " it for more than one replica).",
          false);
  public static final Setting<String> POSTGRES_URL =
      new Setting<>(
          "TERMINUS_POSTGRES_URL",
          "a URL starting with jdbc:postgresql://, postgres:// or postgresql://",
          v -> require(startsWithAny(v, "jdbc:postgresql://", "postgres://", "postgresql://"), v),
          "",
          "off",
          "History store: `jdbc:postgresql://host:port/db` (or `postgres://…`); user and password"
              + " may be in it (`?user=…&password=…` or `user:password@`).",
          true);
  public static final Setting<String> POSTGRES_USER =
      text("TERMINUS_POSTGRES_USER", "PostgreSQL user (wins over the URL's).", false);
  public static final Setting<String> POSTGRES_PASSWORD =
      text(
          "TERMINUS_POSTGRES_PASSWORD",
          "PostgreSQL password (wins over the URL's); e.g. from a Secret. Never logged.",
          true);
  public static final Setting<String> REDIS_URL =
      new Setting<>(
          "TERMINUS_REDIS_URL",
          "a URL starting with redis:// or rediss://",
          v -> require(startsWithAny(v, "redis://", "rediss://"), v),
          "",
          "off",
          "Live events: `redis://[:password@]host:port[/db]` (`rediss://` for TLS). Logged with the"
              + " password masked. Without a password it is also given to every node container"
              + " (large outputs, heartbeats; see"
              + " [Worker protocol](#worker-protocol-any-image-can-take-part)).",
          true);
  public static final Setting<String> LOG_LEVEL =
      level("TERMINUS_LOG_LEVEL", "INFO", "Log level of Terminus.");
  public static final Setting<String> LOG_FORMAT =
      new Setting<>(
          "TERMINUS_LOG_FORMAT",
          "text or json",
          v -> require(v.equals("text") || v.equals("json"), v),
          "text",
          "text",
          "`text`, or `json`: one JSON object per line, with the resource (`resource.namespace`,"
              + " `resource.name`) from the MDC.",
          false);
  public static final Setting<String> JOSDK_LOG_LEVEL =
      level("TERMINUS_JOSDK_LOG_LEVEL", "WARN", "Log level of the operator SDK.");

  /** Every setting, in the README's order. The logging ones are read by logback.xml. */
  public static final List<Setting<?>> ALL =
      List.of(
          WATCH_NAMESPACES,
          RESYNC,
          WORKFLOW_NOT_FOUND_TIMEOUT,
          DEADLINE_GRACE,
          DEFAULT_NODE_DEADLINE,
          DEFAULT_PENDING_TIMEOUT,
          POD_LOST_GRACE,
          DELETION_TIMEOUT,
          WORKER_IMAGE,
          RECONCILE_THREADS,
          LEADER_ELECTION,
          POSTGRES_URL,
          POSTGRES_USER,
          POSTGRES_PASSWORD,
          REDIS_URL,
          LOG_LEVEL,
          LOG_FORMAT,
          JOSDK_LOG_LEVEL);

  /**
   * The typed value of {@code raw} (an environment value, possibly null or blank: the default).
   *
   * @throws IllegalArgumentException naming the variable and what is expected
   */
  public T parse(String raw) {
    String v = raw == null || raw.isBlank() ? defaultValue : raw.trim();
    if (v.isEmpty()) {
      return null;
    }
    try {
      return parser.apply(v);
    } catch (IllegalArgumentException e) { // the cause is not kept: it may quote a secret
      throw new IllegalArgumentException(
          name
              + " must be "
              + expected
              + ", got "
              + (secret ? "a value (not shown)" : "'" + v + "'"));
    }
  }

  /** The default, parsed (null when the default is unset). */
  public T defaults() {
    return parse(null);
  }

  /** How {@code value} of this setting may be logged. */
  String printable(Object value) {
    if (value == null || !secret) {
      return String.valueOf(value);
    }
    return name.endsWith("_URL") ? SecretMask.url(value.toString()) : "***";
  }

  @Override
  public String toString() {
    return name;
  }

  private static Setting<Duration> seconds(String name, long seconds, String description) {
    return new Setting<>(
        name,
        "a positive number of seconds",
        v -> {
          long s = Long.parseLong(v);
          return require(s > 0, Duration.ofSeconds(s));
        },
        String.valueOf(seconds),
        String.valueOf(seconds),
        description,
        false);
  }

  private static Setting<String> text(String name, String description, boolean secret) {
    return new Setting<>(name, "a text", v -> v, "", "from the URL", description, secret);
  }

  private static Setting<String> level(String name, String level, String description) {
    return new Setting<>(
        name,
        "one of " + String.join(", ", LEVELS),
        v -> require(LEVELS.contains(v.toUpperCase(Locale.ROOT)), v),
        level,
        level,
        description,
        false);
  }

  private static Set<String> namespaces(String value) {
    Set<String> names = Set.copyOf(List.of(value.split("\\s*,\\s*")));
    return require(names.stream().allMatch(n -> DNS_LABEL.matcher(n).matches()), names);
  }

  private static boolean startsWithAny(String value, String... prefixes) {
    return Arrays.stream(prefixes).anyMatch(value::startsWith);
  }

  private static <V> V require(boolean valid, V value) {
    if (!valid) {
      throw new IllegalArgumentException();
    }
    return value;
  }
}
