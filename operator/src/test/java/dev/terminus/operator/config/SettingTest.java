package dev.terminus.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The declaration of {@link Setting} is the one source: the environment parser follows it, and the
 * README's configuration table and {@code helm/operator-settings.json} (read by the chart's check)
 * must say the same. Rewrite the JSON file with {@code -Dterminus.writeSettings=true}.
 */
class SettingTest {
  private static final String SETTINGS_JSON = "helm/operator-settings.json";
  private static final String TABLE_HEADER = "| Variable | Default | Meaning |";
  private static final Pattern ROW =
      Pattern.compile("^\\|\\s*`([A-Z0-9_]+)`\\s*\\|\\s*(.*?)\\s*\\|\\s*(.*?)\\s*\\|\\s*$");

  @Test
  void theDefaultsAreThoseTheOperatorAlwaysHad() {
    OperatorConfig d = OperatorConfig.defaults();

    assertThat(d.watchNamespaces()).isEmpty();
    assertThat(d.resyncPeriod()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.workflowNotFoundTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(d.deadlineGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.defaultNodeDeadline()).isEqualTo(Duration.ofHours(1));
    assertThat(d.defaultPendingTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(d.podLostGrace()).isEqualTo(Duration.ofSeconds(60));
    assertThat(d.deletionTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(d.workerImage()).isEqualTo("ghcr.io/terminus-dev/worker:0.1.0");
    assertThat(d.reconcileThreads()).isEqualTo(10);
    assertThat(d.leaderElection()).isFalse();
    assertThat(d.projections()).isEqualTo(ProjectionConfig.NONE);
    assertThat(d.get(Setting.LOG_LEVEL)).isEqualTo("INFO");
    assertThat(d.get(Setting.LOG_FORMAT)).isEqualTo("text");
    assertThat(d.get(Setting.JOSDK_LOG_LEVEL)).isEqualTo("WARN");
  }

  @Test
  void everyValueIsParsedByItsDeclaration() {
    OperatorConfig c =
        OperatorConfig.fromEnvironment(
            Map.of(
                "TERMINUS_WATCH_NAMESPACES", " team-a, team-b ",
                "TERMINUS_RESYNC_SECONDS", "7",
                "TERMINUS_RECONCILE_THREADS", "3",
                "TERMINUS_LEADER_ELECTION", "TRUE",
                "TERMINUS_WORKER_IMAGE", "registry.local/worker:2",
                "TERMINUS_DEFAULT_NODE_DEADLINE_SECONDS", " "));

    assertThat(c.watchNamespaces()).containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(c.resyncPeriod()).isEqualTo(Duration.ofSeconds(7));
    assertThat(c.reconcileThreads()).isEqualTo(3);
    assertThat(c.leaderElection()).isTrue();
    assertThat(c.workerImage()).isEqualTo("registry.local/worker:2");
    assertThat(c.defaultNodeDeadline()).as("blank is the default").isEqualTo(Duration.ofHours(1));
    assertThat(c.with(Setting.RESYNC, Duration.ofSeconds(3)).resyncPeriod())
        .isEqualTo(Duration.ofSeconds(3));
    assertThat(c.resyncPeriod()).as("with() copies").isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void aMalformedValueFailsTheStartNamingEachVariableAndWhatItExpects() {
    assertThatThrownBy(
            () ->
                OperatorConfig.fromEnvironment(
                    Map.of(
                        "TERMINUS_RESYNC_SECONDS", "0",
                        "TERMINUS_RECONCILE_THREADS", "many",
                        "TERMINUS_LEADER_ELECTION", "yes",
                        "TERMINUS_LOG_FORMAT", "xml",
                        "TERMINUS_WATCH_NAMESPACES", "Team_A")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "TERMINUS_RESYNC_SECONDS must be a positive number of seconds, got '0'")
        .hasMessageContaining(
            "TERMINUS_RECONCILE_THREADS must be an integer from 1 to 1000, got 'many'")
        .hasMessageContaining("TERMINUS_LEADER_ELECTION must be true or false, got 'yes'")
        .hasMessageContaining("TERMINUS_LOG_FORMAT must be text or json, got 'xml'")
        .hasMessageContaining("TERMINUS_WATCH_NAMESPACES must be comma-separated namespace names");
    assertThatThrownBy(
            () -> OperatorConfig.fromEnvironment(Map.of("TERMINUS_RECONCILE_THREADS", "1001")))
        .hasMessageContaining("TERMINUS_RECONCILE_THREADS must be an integer from 1 to 1000");
  }

  @Test
  void aMalformedSecretIsNamedButNeverQuoted() {
    assertThatThrownBy(
            () ->
                OperatorConfig.fromEnvironment(
                    Map.of(
                        "TERMINUS_REDIS_URL", "http://:hunter2@cache",
                        "TERMINUS_POSTGRES_URL", "mysql://u:s3cret@db")))
        .hasMessageContaining("TERMINUS_REDIS_URL must be a URL starting with redis://")
        .hasMessageContaining(
            "TERMINUS_POSTGRES_URL must be a URL starting with jdbc:postgresql://")
        .hasMessageNotContaining("hunter2")
        .hasMessageNotContaining("s3cret")
        .hasNoCause();
  }

  @Test
  void theReadmeTableIsTheDeclaration() throws IOException {
    List<List<String>> rows = configurationTable();

    List<List<String>> declared =
        Setting.ALL.stream()
            .map(s -> List.of(s.name(), s.shownDefault(), s.description()))
            .toList();
    assertThat(rows)
        .as("the README's configuration table (name, default, meaning) must be Setting.ALL")
        .containsExactlyElementsOf(declared);
  }

  @Test
  void theChartCheckReadsTheDeclaration() throws IOException {
    Path file = repoFile(SETTINGS_JSON);
    String want = settingsJson();
    if (Boolean.getBoolean("terminus.writeSettings")) {
      Files.writeString(file, want);
    }
    assertThat(Files.readString(file))
        .as(SETTINGS_JSON + " is written from Setting.ALL (-Dterminus.writeSettings=true)")
        .isEqualTo(want);
  }

  @Test
  void everyNameIsUniqueAndEveryDefaultParses() {
    assertThat(Setting.ALL.stream().map(Setting::name).distinct()).hasSize(Setting.ALL.size());
    assertThat(Setting.ALL).allSatisfy(s -> assertThat(s.name()).startsWith("TERMINUS_"));
    Setting.ALL.forEach(Setting::defaults);
    assertThat(Set.copyOf(Setting.ALL)).hasSize(18);
  }

  /** The rows of the only table headed {@value #TABLE_HEADER} in README.md and docs/. */
  private static List<List<String>> configurationTable() throws IOException {
    Path root = repoFile("README.md").getParent();
    List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md")));
    if (Files.isDirectory(root.resolve("docs"))) {
      try (Stream<Path> files = Files.walk(root.resolve("docs"))) {
        files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
      }
    }
    List<List<String>> rows = new ArrayList<>();
    int tables = 0;
    for (Path doc : docs) {
      List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        if (!lines.get(i).trim().equals(TABLE_HEADER)) {
          continue;
        }
        tables++;
        for (int j = i + 2; j < lines.size() && lines.get(j).startsWith("|"); j++) {
          Matcher m = ROW.matcher(lines.get(j));
          assertThat(m.matches()).as("%s: row %s", doc, lines.get(j)).isTrue();
          rows.add(List.of(m.group(1), m.group(2), m.group(3)));
        }
      }
    }
    assertThat(tables).as("tables headed " + TABLE_HEADER).isEqualTo(1);
    return rows;
  }

  private static String settingsJson() throws IOException {
    List<Map<String, Object>> settings = new ArrayList<>();
    for (Setting<?> s : Setting.ALL) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", s.name());
      m.put("expected", s.expected());
      m.put("default", s.defaultValue());
      m.put("secret", s.secret());
      settings.add(m);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put(
        "comment",
        "Written from dev.terminus.operator.config.Setting by SettingTest; do not edit."
            + " helm/tools/check-chart.mjs checks that the chart sets each of these.");
    doc.put("settings", settings);
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc)
        + "\n";
  }

  private static Path repoFile(String path) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("helm/rbac-expected.json"))) {
        return dir.resolve(path);
      }
    }
    throw new IllegalStateException("the repository root is not above " + Path.of(""));
  }
}
