package dev.terminus.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.terminus.operator.harness.TestCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Events are aggregated like Kubernetes' own: one per (object, reason), counted. */
class KubernetesEventRecorderTest {
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");

  private static TestCluster cluster;
  private final MovingClock clock = new MovingClock();

  @BeforeAll
  static void start() {
    cluster = TestCluster.start();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aRepeatBumpsCountAndLastTimestampOfTheOneEventOfThatObjectAndReason() {
    ConfigMap subject = subject("repeat", "uid-repeat");
    KubernetesEventRecorder recorder = recorder();

    recorder.record(subject, "Normal", "NodeSucceeded", "node a succeeded");
    clock.advance(Duration.ofSeconds(5));
    recorder.record(subject, "Normal", "NodeSucceeded", "node b succeeded");
    clock.advance(Duration.ofSeconds(5));
    recorder.record(subject, "Warning", "NodeSucceeded", "node c succeeded");

    List<Event> events = eventsOf("repeat");
    assertThat(events).hasSize(1);
    Event e = events.get(0);
    assertThat(e.getMetadata().getName())
        .isEqualTo(KubernetesEventRecorder.eventName(subject, "NodeSucceeded"))
        .startsWith("repeat.");
    assertThat(e.getCount()).isEqualTo(3);
    assertThat(e.getFirstTimestamp()).isEqualTo("2025-01-01T10:00:00Z");
    assertThat(e.getLastTimestamp()).isEqualTo("2025-01-01T10:00:10Z");
    assertThat(e.getMessage()).isEqualTo("node c succeeded");
    assertThat(e.getType()).isEqualTo("Warning");
    assertThat(e.getInvolvedObject().getUid()).isEqualTo("uid-repeat");
  }

  @Test
  void theNameIsDeterministicPerObjectUidAndReason() {
    ConfigMap subject = subject("named", "uid-1");
    String name = KubernetesEventRecorder.eventName(subject, "Started");

    assertThat(KubernetesEventRecorder.eventName(subject("named", "uid-1"), "Started"))
        .isEqualTo(name);
    assertThat(KubernetesEventRecorder.eventName(subject, "Succeeded")).isNotEqualTo(name);
    assertThat(KubernetesEventRecorder.eventName(subject("named", "uid-2"), "Started"))
        .as("a re-created object of the same name")
        .isNotEqualTo(name);
    assertThat(name).matches("named\\.[0-9a-f]{16}");
  }

  @Test
  void anotherRecorderCarriesOnTheCountAfterARestartAndAConcurrentWriteIsNotLost() {
    ConfigMap subject = subject("restart", "uid-restart");
    KubernetesEventRecorder before = recorder();
    before.record(subject, "Normal", "Started", "started");

    KubernetesEventRecorder after = recorder(); // knows nothing: its create conflicts, it reads
    after.record(subject, "Normal", "Started", "started again");
    assertThat(eventsOf("restart")).singleElement().extracting(Event::getCount).isEqualTo(2);

    before.record(subject, "Normal", "Started", "and again"); // its copy is stale: 409, re-read
    assertThat(eventsOf("restart")).singleElement().extracting(Event::getCount).isEqualTo(3);
  }

  @Test
  void anExpiredEventIsCreatedAnew() {
    ConfigMap subject = subject("expired", "uid-expired");
    KubernetesEventRecorder recorder = recorder();
    recorder.record(subject, "Normal", "Started", "started");
    recorder.record(subject, "Normal", "Started", "started");
    cluster
        .client()
        .v1()
        .events()
        .inNamespace(TestCluster.NAMESPACE)
        .withName(KubernetesEventRecorder.eventName(subject, "Started"))
        .delete();

    recorder.record(subject, "Normal", "Started", "started");

    assertThat(eventsOf("expired")).singleElement().extracting(Event::getCount).isEqualTo(1);
  }

  @Test
  void namesAreValidDnsSubdomainsEvenForA253CharacterObjectName() {
    String longest = "a".repeat(230) + "-b." + "c".repeat(20); // 253 characters
    // Cut to the 236 characters left beside the hash, ending on a '-' or a '.'.
    String cutAtHyphen = "x".repeat(235) + "-" + "y".repeat(17);
    String cutAtDot = "d".repeat(235) + "." + "e".repeat(17);
    assertThat(List.of(longest, cutAtHyphen, cutAtDot)).allSatisfy(n -> assertThat(n).hasSize(253));
    for (String objectName : List.of(longest, cutAtHyphen, cutAtDot, "Upper_Case.-odd-")) {
      String name = KubernetesEventRecorder.eventName(subject(objectName, "u"), "Reason");
      assertThat(name).hasSizeLessThanOrEqualTo(253).matches(DNS_SUBDOMAIN);
    }

    ConfigMap subject = subject(longest, "uid-long");
    recorder().record(subject, "Normal", "Started", "started");
    assertThat(eventsOf(longest)).singleElement().extracting(Event::getCount).isEqualTo(1);
  }

  @Test
  void aUrlPasswordInAMessageNeverReachesTheEvent() {
    ConfigMap subject = subject("secretive", "uid-secretive");
    recorder().record(subject, "Warning", "StoreDown", "redis://:hunter2@cache:6379 unreachable");

    assertThat(eventsOf("secretive"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getMessage()).doesNotContain("hunter2").contains("redis://:***@cache");
              assertThat(e.getMetadata().getName()).doesNotContain("hunter2");
            });
  }

  private KubernetesEventRecorder recorder() {
    return new KubernetesEventRecorder(cluster.client(), clock);
  }

  private static ConfigMap subject(String name, String uid) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(TestCluster.NAMESPACE)
        .withUid(uid)
        .withResourceVersion("1")
        .endMetadata()
        .build();
  }

  private static List<Event> eventsOf(String name) {
    return cluster
        .client()
        .v1()
        .events()
        .inNamespace(TestCluster.NAMESPACE)
        .list()
        .getItems()
        .stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  /** A clock the test moves. */
  private static final class MovingClock extends Clock {
    private Instant now = T0;

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
