package dev.terminus.operator.jobs;

import dev.terminus.crd.v1alpha1.Api;
import dev.terminus.crd.v1alpha1.ComputeResources;
import dev.terminus.crd.v1alpha1.Credentials;
import dev.terminus.crd.v1alpha1.NodeDefaults;
import dev.terminus.crd.v1alpha1.NodeSpec;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.crd.v1alpha1.WorkflowSpec;
import dev.terminus.operator.engine.EngineConfig;
import dev.terminus.protocol.RedisKeys;
import dev.terminus.protocol.WorkerEnv;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the Job of one node attempt. Terminus owns retries (backoffLimit 0), the Job owns the
 * deadline (activeDeadlineSeconds), and Pods get the restricted security profile with no
 * service-account token unless the node asks for one.
 */
public final class JobFactory {
  public static final String MAIN_CONTAINER = "main";

  /** The uid and gid node containers run as (the distroless "nonroot" user). */
  public static final long NODE_USER = 65532L;

  private final String workerImage;
  private final Duration defaultDeadline;
  private final String nodeRedisUrl;
  private final EngineConfig engine;

  /**
   * @param nodeRedisUrl the Redis that workers keep large outputs in and heartbeat to, or null;
   *     only a URL without credentials may be given (a password would land in the Job manifest)
   * @param engine tells how much of an output the status keeps, which workers are told
   */
  public JobFactory(
      String workerImage, Duration defaultDeadline, String nodeRedisUrl, EngineConfig engine) {
    this.workerImage = workerImage;
    this.defaultDeadline = defaultDeadline;
    this.nodeRedisUrl = nodeRedisUrl;
    this.engine = engine;
  }

  public Job build(
      WorkflowExecution execution,
      WorkflowSpec workflow,
      NodeSpec node,
      int attempt,
      String jobName,
      List<NodeStatus> nodes) {
    NodeDefaults defaults = workflow.defaultsOrEmpty();
    Map<String, String> labels = labels(execution, node, attempt);
    return new JobBuilder()
        .withNewMetadata()
        .withName(jobName)
        .withNamespace(execution.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(ownerOf(execution))
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(0)
        .withActiveDeadlineSeconds(deadlineSeconds(node, defaults))
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withServiceAccountName(first(node.serviceAccountName(), defaults.serviceAccountName()))
        .withAutomountServiceAccountToken(Boolean.TRUE.equals(node.automountServiceAccountToken()))
        .withSecurityContext(
            new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                // A numeric non-root user, so that images whose USER is root (busybox) still
                // start under runAsNonRoot instead of failing CreateContainerConfigError.
                .withRunAsUser(NODE_USER)
                .withRunAsGroup(NODE_USER)
                .withFsGroup(NODE_USER)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .build())
        .withContainers(container(execution, workflow, node, attempt, nodes, defaults))
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  public static Map<String, String> labels(
      WorkflowExecution execution, NodeSpec node, int attempt) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Api.LABEL_EXECUTION, execution.getMetadata().getName());
    labels.put(Api.LABEL_NODE, node.name());
    labels.put(Api.LABEL_ATTEMPT, String.valueOf(attempt));
    labels.put("app.kubernetes.io/managed-by", "terminus");
    return labels;
  }

  private Container container(
      WorkflowExecution execution,
      WorkflowSpec workflow,
      NodeSpec node,
      int attempt,
      List<NodeStatus> nodes,
      NodeDefaults defaults) {
    ContainerBuilder c =
        new ContainerBuilder()
            .withName(MAIN_CONTAINER)
            .withImage(image(node, defaults))
            .withEnv(env(execution, workflow, node, attempt, nodes))
            .withTerminationMessagePolicy("FallbackToLogsOnError")
            .withSecurityContext(
                new SecurityContextBuilder()
                    .withAllowPrivilegeEscalation(false)
                    .withRunAsNonRoot(true)
                    .withNewCapabilities()
                    .withDrop("ALL")
                    .endCapabilities()
                    .build());
    if (node.command() != null) {
      c.withCommand(node.command());
    }
    if (node.args() != null) {
      c.withArgs(node.args());
    }
    ComputeResources resources = node.resources() != null ? node.resources() : defaults.resources();
    if (resources != null) {
      c.withResources(
          new ResourceRequirementsBuilder()
              .withRequests(resources.requests())
              .withLimits(resources.limits())
              .build());
    }
    return c.build();
  }

  private String image(NodeSpec node, NodeDefaults defaults) {
    String image = first(node.image(), defaults.image());
    return image != null ? image : workerImage;
  }

  private long deadlineSeconds(NodeSpec node, NodeDefaults defaults) {
    Long s = node.activeDeadlineSeconds();
    if (s == null) {
      s = defaults.activeDeadlineSeconds();
    }
    return s != null ? s : defaultDeadline.toSeconds();
  }

  private List<EnvVar> env(
      WorkflowExecution execution,
      WorkflowSpec workflow,
      NodeSpec node,
      int attempt,
      List<NodeStatus> nodes) {
    List<EnvVar> env = new ArrayList<>();
    env.add(plain(WorkerEnv.EXECUTION, execution.getMetadata().getName()));
    // Workers name their Redis keys by the uid: names repeat across namespaces (and re-creations),
    // and a shared key would let one execution keep another's node alive or read its output.
    env.add(plain(WorkerEnv.EXECUTION_UID, execution.getMetadata().getUid()));
    env.add(plain(WorkerEnv.NODE, node.name()));
    env.add(plain(WorkerEnv.ATTEMPT, String.valueOf(attempt)));
    env.add(plain(WorkerEnv.INPUTS, NodeInputs.json(execution, node, nodes)));
    if (node.component() != null) {
      env.add(plain(WorkerEnv.COMPONENT, node.component()));
    }
    if (node.config() != null) {
      env.add(plain(WorkerEnv.CONFIG, node.config().toString()));
    }
    if (nodeRedisUrl != null) {
      // Every node: any of them may produce an output too large for its termination message,
      // and any may read an upstream one. Heartbeats need the interval as well (below).
      env.add(plain(WorkerEnv.REDIS_URL, nodeRedisUrl));
      // Downstream nodes get an upstream output from the status, which keeps only this much of
      // it: a longer output must be in Redis too, or they would get it cut.
      int previewChars = engine.forNodes(workflow.nodes().size()).outputPreviewChars();
      env.add(plain(WorkerEnv.OUTPUT_PREVIEW_CHARS, String.valueOf(previewChars)));
      if (node.heartbeatTimeoutSeconds() != null) {
        long interval = RedisKeys.heartbeatIntervalSeconds(node.heartbeatTimeoutSeconds());
        env.add(plain(WorkerEnv.HEARTBEAT_INTERVAL_SECONDS, String.valueOf(interval)));
      }
    }
    if (node.env() != null) {
      node.env().forEach(e -> env.add(plain(e.name(), e.value())));
    }
    if (node.credentials() != null) {
      env.add(secret(node.credentials()));
    }
    return env;
  }

  private static EnvVar plain(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  /** The credential stays a reference: its value never passes through Terminus. */
  private static EnvVar secret(Credentials credentials) {
    return new EnvVarBuilder()
        .withName(credentials.envOrDefault())
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(credentials.secretRef().name())
        .withKey(credentials.secretRef().key())
        .withOptional(false)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }

  private static OwnerReference ownerOf(WorkflowExecution execution) {
    return new OwnerReferenceBuilder()
        .withApiVersion(execution.getApiVersion())
        .withKind(execution.getKind())
        .withName(execution.getMetadata().getName())
        .withUid(execution.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }
}
