package dev.terminus.operator.reconciler;

import dev.terminus.operator.engine.Texts;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes core/v1 Events, as {@code kubectl describe} shows them. */
public final class KubernetesEventRecorder implements EventRecorder {
  private static final Logger log = LoggerFactory.getLogger(KubernetesEventRecorder.class);
  private final KubernetesClient client;

  public KubernetesEventRecorder(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public void record(HasMetadata subject, String type, String reason, String message) {
    try {
      String now = Texts.time(Instant.now());
      String ns = subject.getMetadata().getNamespace();
      client
          .v1()
          .events()
          .inNamespace(ns)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(
                      subject.getMetadata().getName()
                          + "."
                          + UUID.randomUUID().toString().substring(0, 13).replace("-", ""))
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
                  .withMessage(Texts.bounded(message, 1024))
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .withNewSource()
                  .withComponent("terminus")
                  .endSource()
                  .withReportingComponent("terminus.dev/operator")
                  .build())
          .create();
    } catch (RuntimeException e) {
      log.warn("could not record Event {}: {}", reason, e.getMessage());
    }
  }
}
