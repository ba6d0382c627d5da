package dev.terminus.cluster;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Argo Workflows' workflow-controller (built by bench-peers/build.sh from its Go module) against
 * the same control plane and node agent as Terminus: its CRDs and ConfigMap installed, the
 * controller run as a process with an identity of its own, and the benchmark's DAG shapes submitted
 * as Workflows with {@code dag} templates.
 */
final class ArgoPeer implements AutoCloseable {

  static final String NAMESPACE = "argo";
  static final ResourceDefinitionContext WORKFLOWS =
      new ResourceDefinitionContext.Builder()
          .withGroup("argoproj.io")
          .withVersion("v1alpha1")
          .withPlural("workflows")
          .withKind("Workflow")
          .withNamespaced(true)
          .build();

  private final KubernetesClient admin;
  private final GuardedProcess controller;

  private ArgoPeer(KubernetesClient admin, GuardedProcess controller) {
    this.admin = admin;
    this.controller = controller;
  }

  /**
   * Installs Argo's CRDs and ConfigMap and starts its controller with {@code qps}/{@code burst}.
   */
  static ArgoPeer start(RealCluster cluster, int qps, int burst, int workers) throws IOException {
    Path dir = build();
    KubernetesClient admin = cluster.admin();
    try (Stream<Path> files = Files.list(dir.resolve("crds"))) {
      for (Path crd : files.sorted().toList()) {
        try (InputStream in = Files.newInputStream(crd)) {
          admin.load(in).serverSideApply();
        }
      }
    }
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
    admin
        .configMaps()
        .inNamespace(NAMESPACE)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("workflow-controller-configmap")
                .endMetadata()
                .withData(Map.of())
                .build())
        .create();
    ControlPlane plane = cluster.plane();
    Path kubeconfig =
        plane.kubeconfig(
            "argo", plane.identity(ClusterIdentity.ARGO_CONTROLLER).token(), NAMESPACE);
    GuardedProcess controller =
        GuardedProcess.start(
            "workflow-controller",
            List.of(
                dir.resolve("workflow-controller").toString(),
                "--kubeconfig=" + kubeconfig,
                "--namespace=" + NAMESPACE,
                "--configmap=workflow-controller-configmap",
                "--executor-image=quay.io/argoproj/argoexec:v3.6.18",
                "--qps=" + qps,
                "--burst=" + burst,
                "--workflow-workers=" + workers,
                "--loglevel=warn"),
            plane.dir().resolve("workflow-controller.log"),
            argoEnvironment());
    return new ArgoPeer(admin, controller);
  }

  /**
   * One replica, no leader election (as Argo's quick start runs it); DEFAULT_REQUEUE_TIME, Argo's
   * delay before it acts on a Pod's change (10 s by default), only when -Dbench.argoRequeue sets
   * it.
   */
  private static Map<String, String> argoEnvironment() {
    Map<String, String> env = new java.util.HashMap<>(Map.of("LEADER_ELECTION_DISABLE", "true"));
    String requeue = System.getProperty("bench.argoRequeue", "");
    if (!requeue.isBlank()) {
      env.put("DEFAULT_REQUEUE_TIME", requeue);
    }
    return env;
  }

  /** bench-peers/build.sh of this repository: the folder of the binary and its CRDs. */
  private static Path build() throws IOException {
    Process process =
        new ProcessBuilder("bash", RepositoryRoot.find().resolve("bench-peers/build.sh").toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out =
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    try {
      if (process.waitFor() != 0) {
        throw new IllegalStateException("bench-peers/build.sh failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return Path.of(out.substring(out.lastIndexOf('\n') + 1));
  }

  Duration cpu() {
    return controller.cpu();
  }

  /** A Workflow of one dag template: each task runs a busybox container. */
  static String workflow(String name, List<ClusterBench.Task> tasks) {
    String dag =
        tasks.stream()
            .map(
                t ->
                    "      - name: "
                        + t.name()
                        + "\n        template: work"
                        + (t.dependsOn().isEmpty()
                            ? ""
                            : "\n        dependencies: [" + String.join(", ", t.dependsOn()) + "]"))
            .collect(Collectors.joining("\n"));
    return """
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        metadata:
          name: %s
        spec:
          entrypoint: main
          templates:
          - name: main
            dag:
              tasks:
        %s
          - name: work
            container:
              image: busybox
              command: [sh, -c, "true"]
        """
        .formatted(name, dag.indent(4).stripTrailing());
  }

  void submit(String namespace, String name, List<ClusterBench.Task> tasks) {
    GenericKubernetesResource wf =
        admin
            .getKubernetesSerialization()
            .unmarshal(workflow(name, tasks), GenericKubernetesResource.class);
    admin.genericKubernetesResources(WORKFLOWS).inNamespace(namespace).resource(wf).create();
  }

  /** When each Workflow of {@code namespace} was first seen Succeeded or Failed. */
  Map<String, Instant> watchTerminal(String namespace) {
    Map<String, Instant> finished = new ConcurrentHashMap<>();
    admin
        .genericKubernetesResources(WORKFLOWS)
        .inNamespace(namespace)
        .inform(
            new ResourceEventHandler<>() {
              @Override
              public void onAdd(GenericKubernetesResource wf) {
                onUpdate(null, wf);
              }

              @Override
              public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource wf) {
                Object status = wf.getAdditionalProperties().get("status");
                Object phase = status instanceof Map<?, ?> m ? m.get("phase") : null;
                if ("Succeeded".equals(phase) || "Failed".equals(phase) || "Error".equals(phase)) {
                  finished.putIfAbsent(wf.getMetadata().getName(), Instant.now());
                }
              }

              @Override
              public void onDelete(GenericKubernetesResource wf, boolean unknown) {}
            });
    return finished;
  }

  /** Bytes of a Workflow's status as the API server stores it (JSON). */
  int statusBytes(String namespace, String name) {
    GenericKubernetesResource wf =
        admin.genericKubernetesResources(WORKFLOWS).inNamespace(namespace).withName(name).get();
    return admin
        .getKubernetesSerialization()
        .asJson(wf.getAdditionalProperties().get("status"))
        .length();
  }

  @Override
  public void close() {
    controller.close();
  }
}
