package dev.terminus.operator.reconciler;

import dev.terminus.operator.config.SecretMask;
import dev.terminus.operator.engine.Texts;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events, as {@code kubectl describe} shows them, aggregated the way Kubernetes' own
 * recorder does: one Event per (involved object, reason), named deterministically, whose {@code
 * count} and {@code lastTimestamp} are bumped on a repeat (with the latest message and type). A
 * repeat is a read-modify-write with the Event's resourceVersion: the last Event written is
 * remembered (a bounded cache, so a repeat costs one request), a conflict re-reads it, a missing
 * one (expired, or never seen) is created; at most {@value #ATTEMPTS} attempts.
 */
public final class KubernetesEventRecorder implements EventRecorder {
  /** The longest valid name: a DNS subdomain. */
  static final int MAX_NAME = 253;

  private static final Logger log = LoggerFactory.getLogger(KubernetesEventRecorder.class);
  private static final int ATTEMPTS = 3;
  private static final int REMEMBERED = 1024;
  private static final int HASH_CHARS = 16;

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<String, Event> written =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Event> eldest) {
          return size() > REMEMBERED;
        }
      };

  public KubernetesEventRecorder(KubernetesClient client) {
    this(client, Clock.systemUTC());
  }

  KubernetesEventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  @Override
  public void record(HasMetadata subject, String type, String reason, String message) {
    String ns = subject.getMetadata().getNamespace();
    String name = eventName(subject, reason);
    String key = ns + "/" + name;
    // Messages are built from statuses that hold no secret; a URL's password is masked all the
    // same.
    String text = Texts.bounded(SecretMask.url(message), 1024);
    try {
      var events = client.v1().events().inNamespace(ns);
      Event known = remembered(key);
      for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
        String now = Texts.time(clock.instant());
        try {
          Event next =
              known == null
                  ? events.resource(first(subject, name, type, reason, text, now)).create()
                  : events.resource(repeat(known, subject, type, text, now)).update();
          remember(key, next);
          return;
        } catch (KubernetesClientException e) {
          if (e.getCode() == 404 && known != null) {
            known = null; // gone (Events expire): start a new one
          } else if (e.getCode() == 409) {
            known = events.withName(name).get(); // exists, or changed since: read, then modify
          } else {
            throw e;
          }
        }
      }
      log.warn(
          "could not record Event {} {}: still conflicting after {} attempts",
          reason,
          name,
          ATTEMPTS);
    } catch (RuntimeException e) {
      log.warn("could not record Event {}: {}", reason, e.getMessage());
    }
  }

  /**
   * {@code <object name>.<16 hex digits of the hash of its uid and the reason>}: the same for every
   * repeat, different per object (a re-created one has another uid) and reason, a valid DNS
   * subdomain of at most {@value #MAX_NAME} characters whatever the object's name.
   */
  static String eventName(HasMetadata subject, String reason) {
    var meta = subject.getMetadata();
    String identity =
        meta.getUid() != null
            ? meta.getUid()
            : subject.getKind() + "/" + meta.getNamespace() + "/" + meta.getName();
    String hash = sha256(identity + "\n" + reason).substring(0, HASH_CHARS);
    String prefix = dnsPrefix(meta.getName(), MAX_NAME - 1 - HASH_CHARS);
    return prefix.isEmpty() ? hash : prefix + "." + hash;
  }

  /**
   * {@code name} made a DNS subdomain (lower case, labels alphanumeric at both ends), cut short.
   */
  private static String dnsPrefix(String name, int max) {
    String labels =
        Arrays.stream(
                String.valueOf(name)
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^a-z0-9.-]", "-")
                    .split("\\."))
            .map(l -> l.replaceAll("^-+|-+$", ""))
            .filter(l -> !l.isEmpty())
            .collect(Collectors.joining("."));
    return labels.substring(0, Math.min(labels.length(), max)).replaceAll("[-.]+$", "");
  }

  private static Event first(
      HasMetadata subject, String name, String type, String reason, String text, String now) {
    String ns = subject.getMetadata().getNamespace();
    return new EventBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .endMetadata()
        .withInvolvedObject(
            new ObjectReferenceBuilder()
                .withApiVersion(subject.getApiVersion())
                .withKind(subject.getKind())
                .withName(subject.getMetadata().getName())
                .withNamespace(ns)
                .withUid(subject.getMetadata().getUid())
                .withResourceVersion(subject.getMetadata().getResourceVersion())
                .build())
        .withType(type)
        .withReason(reason)
        .withMessage(text)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withNewSource()
        .withComponent("terminus")
        .endSource()
        .withReportingComponent("terminus.dev/operator")
        .build();
  }

  /**
   * {@code known} seen once more; its resourceVersion makes the update fail if it changed since.
   */
  private static Event repeat(
      Event known, HasMetadata subject, String type, String text, String now) {
    int count = known.getCount() == null ? 1 : known.getCount();
    return new EventBuilder(known)
        .withCount(count + 1)
        .withLastTimestamp(now)
        .withType(type)
        .withMessage(text)
        .editInvolvedObject()
        .withResourceVersion(subject.getMetadata().getResourceVersion())
        .endInvolvedObject()
        .build();
  }

  private Event remembered(String key) {
    synchronized (written) {
      return written.get(key);
    }
  }

  private void remember(String key, Event event) {
    synchronized (written) {
      written.put(key, event);
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
