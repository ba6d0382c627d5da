package dev.terminus.kubesim;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The Pod the Job controller creates for a Job, named and labelled as the real one does. */
public final class JobPods {

  public static final String JOB_NAME = "job-name";
  public static final String BATCH_JOB_NAME = "batch.kubernetes.io/job-name";
  public static final String CONTROLLER_UID = "controller-uid";
  public static final String BATCH_CONTROLLER_UID = "batch.kubernetes.io/controller-uid";

  /** generateName keeps the name within 63 characters: a base of at most 58, then 5 random. */
  private static final int MAX_BASE_LENGTH = 58;

  private static final String SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz";
  private static final Random RANDOM = new SecureRandom();

  private JobPods() {}

  /**
   * A new Pod for the Job: template labels, annotations and spec, owned by the Job.
   *
   * @param nodeName the node it is bound to, or null to leave it unbound (for the scheduler)
   */
  public static Pod newPod(Job job, String nodeName) {
    ObjectMeta template = job.getSpec().getTemplate().getMetadata();
    Map<String, String> labels = new HashMap<>();
    Map<String, String> annotations = new HashMap<>();
    if (template != null) {
      labels.putAll(nullToEmpty(template.getLabels()));
      annotations.putAll(nullToEmpty(template.getAnnotations()));
    }
    labels.putAll(selectorLabels(job));
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(podName(job.getMetadata().getName()))
            .withNamespace(job.getMetadata().getNamespace())
            .withLabels(labels)
            .withAnnotations(annotations)
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion("batch/v1")
                    .withKind("Job")
                    .withName(job.getMetadata().getName())
                    .withUid(job.getMetadata().getUid())
                    .withController(true)
                    .withBlockOwnerDeletion(true)
                    .build())
            .endMetadata()
            .withSpec(
                new PodSpecBuilder(job.getSpec().getTemplate().getSpec())
                    .withNodeName(nodeName)
                    .build())
            .build();
    pod.setStatus(Kubelet.accepted(pod));
    return pod;
  }

  /** The labels by which the Job's Pods are found. */
  public static Map<String, String> selectorLabels(Job job) {
    String name = job.getMetadata().getName();
    String uid = job.getMetadata().getUid();
    return Map.of(
        JOB_NAME, name, BATCH_JOB_NAME, name, CONTROLLER_UID, uid, BATCH_CONTROLLER_UID, uid);
  }

  /** The uid of the Job that controls the Pod, or null. */
  public static String ownerUid(Pod pod) {
    return pod.getMetadata().getOwnerReferences().stream()
        .filter(ref -> "Job".equals(ref.getKind()) && Boolean.TRUE.equals(ref.getController()))
        .map(ref -> ref.getUid())
        .findFirst()
        .orElse(null);
  }

  /** The most recently created of the Pods (there is one per Job here), or null. */
  public static Pod newest(List<Pod> pods) {
    return pods.stream()
        .max(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp()))
        .orElse(null);
  }

  private static String podName(String jobName) {
    String base = jobName + "-";
    if (base.length() > MAX_BASE_LENGTH) {
      base = base.substring(0, MAX_BASE_LENGTH);
    }
    StringBuilder name = new StringBuilder(base);
    for (int i = 0; i < 5; i++) {
      name.append(SUFFIX_ALPHABET.charAt(RANDOM.nextInt(SUFFIX_ALPHABET.length())));
    }
    return name.toString();
  }

  private static Map<String, String> nullToEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}
