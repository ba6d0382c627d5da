package dev.terminus.cluster;

import dev.terminus.kubesim.NodeAgent;
import dev.terminus.kubesim.PodPlan;
import dev.terminus.kubesim.PodScript;
import dev.terminus.kubesim.ScriptedRuntime;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cluster of the cluster suite: a real {@link ControlPlane}, kube-sim's {@link NodeAgent} as
 * the kubelet of one node, and Terminus installed as users install it: the chart (CRDs, RBAC,
 * ServiceAccount) installed with the real helm, the operator run as replicas with the settings of
 * the rendered Deployment and the token of the chart's ServiceAccount, so that a verb the chart
 * does not grant fails here as it would on a cluster.
 */
public final class RealCluster implements AutoCloseable {

  public static final String RELEASE = "terminus";
  public static final String OPERATOR_NAMESPACE = "terminus-system";
  public static final String NODE = "terminus-node-0";

  /** Chart values of the suite: short bounds so that watchdog rules fire within a test. */
  static final List<String> VALUES =
      List.of(
          "resyncSeconds=5",
          "deadlineGraceSeconds=2",
          "podLostGraceSeconds=3",
          "defaultPendingTimeoutSeconds=60",
          "deletionTimeoutSeconds=20");

  private final ControlPlane plane;
  private final KubernetesClient admin;
  private final Map<String, PodScript> scripts = new ConcurrentHashMap<>();
  private final NodeAgent agent;
  private final Map<String, String> operatorEnv;
  private final Path operatorKubeconfig;
  private final String serviceAccount;
  private final List<OperatorReplica> replicas = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicInteger replicaCount = new AtomicInteger();
  private final AtomicInteger namespaceCount = new AtomicInteger();

  private RealCluster(ControlPlane plane) {
    this(plane, VALUES);
  }

  private RealCluster(ControlPlane plane, List<String> values) {
    this.plane = plane;
    this.admin = plane.client(plane.identity(ClusterIdentity.ADMIN), "terminus-test-driver");
    this.agent =
        new NodeAgent(
                plane.client(plane.identity(ClusterIdentity.NODE_AGENT), "terminus-node-agent"),
                NODE,
                new ScriptedRuntime(this::planFor))
            .start();
    Deployment deployment = installChart(values);
    this.serviceAccount = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
    this.operatorEnv = plainEnv(deployment);
    this.operatorKubeconfig =
        plane.kubeconfig("terminus-operator", operatorToken(), OPERATOR_NAMESPACE);
  }

  static RealCluster start(Path dir) {
    return start(dir, VALUES);
  }

  /** With these chart values ({@code key=value}); none for the chart's defaults. */
  static RealCluster start(Path dir, List<String> values) {
    ControlPlane plane = ControlPlane.start(ControlPlaneBinaries.locate(), dir);
    try {
      return new RealCluster(plane, values);
    } catch (RuntimeException e) {
      plane.close();
      throw e;
    }
  }

  public ControlPlane plane() {
    return plane;
  }

  /** The administrator's client (the test driver's identity). */
  public KubernetesClient admin() {
    return admin;
  }

  public Path adminKubeconfig() {
    return plane.kubeconfig("admin", plane.identity(ClusterIdentity.ADMIN).token(), "default");
  }

  public Path kubectl() {
    return plane.binaries().path("kubectl");
  }

  public NodeAgent nodeAgent() {
    return agent;
  }

  /** A new namespace whose Pods the node agent plays with {@code script}. */
  public String namespace(String prefix, PodScript script) {
    String name = prefix + "-" + namespaceCount.incrementAndGet();
    scripts.put(name, script);
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  /** A new namespace played with {@code script}, and the executions of the suite in it. */
  Executions executions(String prefix, PodScript script) {
    return new Executions(admin, namespace(prefix, script));
  }

  /** Starts an operator replica with the next identity; it leads once it holds the Lease. */
  public synchronized OperatorReplica startReplica() {
    String identity = "terminus-" + replicaCount.getAndIncrement();
    OperatorReplica replica =
        OperatorReplica.start(
            identity,
            operatorEnv,
            operatorKubeconfig,
            plane.dir().resolve("operator-" + identity + ".log"));
    replicas.add(replica);
    return replica;
  }

  /**
   * Makes sure an operator leads: starts a replica when none is alive and waits, at most a minute,
   * until the Lease names a live replica (a killed leader's Lease must expire first).
   */
  public synchronized void ensureOperator() {
    if (replicas.stream().noneMatch(OperatorReplica::isAlive)) {
      startReplica();
    }
    awaitLeader(Duration.ofSeconds(60));
  }

  /** Waits at most {@code bound} until the Lease names a live replica, and returns it. */
  public OperatorReplica awaitLeader(Duration bound) {
    return org.awaitility.Awaitility.await("a live replica holds the Lease")
        .atMost(bound)
        .pollInterval(Duration.ofMillis(250))
        .until(this::leader, java.util.Optional::isPresent)
        .orElseThrow();
  }

  /** The live replica the Lease names, if any. */
  public java.util.Optional<OperatorReplica> leader() {
    String holder = leaseHolder();
    return replicas.stream()
        .filter(OperatorReplica::isAlive)
        .filter(r -> r.identity().equals(holder))
        .findFirst();
  }

  /** The identity the operator's Lease names as holder, or null. */
  public String leaseHolder() {
    var lease =
        admin
            .leases()
            .inNamespace(OPERATOR_NAMESPACE)
            .withName(dev.terminus.operator.app.TerminusOperator.LEASE_NAME)
            .get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  private PodPlan planFor(Pod pod) {
    PodScript script = scripts.get(pod.getMetadata().getNamespace());
    return script == null ? PodScripts.DEFAULT.planFor(pod) : script.planFor(pod);
  }

  private Deployment installChart(List<String> values) {
    Helm helm = new Helm(adminKubeconfig());
    List<String> args =
        new ArrayList<>(
            List.of(
                "install",
                RELEASE,
                "helm/terminus",
                "--namespace",
                OPERATOR_NAMESPACE,
                "--create-namespace"));
    values.forEach(v -> args.addAll(List.of("--set", v)));
    helm.run(args.toArray(String[]::new));
    String manifest = helm.run("get", "manifest", RELEASE, "--namespace", OPERATOR_NAMESPACE);
    List<HasMetadata> objects =
        admin.load(new ByteArrayInputStream(manifest.getBytes(StandardCharsets.UTF_8))).items();
    return objects.stream()
        .filter(Deployment.class::isInstance)
        .map(Deployment.class::cast)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the chart rendered no Deployment"));
  }

  /** The operator container's TERMINUS_* settings and the like, as the chart renders them. */
  private static Map<String, String> plainEnv(Deployment deployment) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var :
        deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
      if (var.getValue() != null) {
        env.put(var.getName(), var.getValue());
      }
    }
    return env;
  }

  private String operatorToken() {
    return admin
        .serviceAccounts()
        .inNamespace(OPERATOR_NAMESPACE)
        .withName(serviceAccount)
        .tokenRequest(
            new TokenRequestBuilder()
                .withNewSpec()
                .withExpirationSeconds(Duration.ofHours(4).toSeconds())
                .endSpec()
                .build())
        .getStatus()
        .getToken();
  }

  @Override
  public synchronized void close() {
    replicas.forEach(OperatorReplica::close);
    agent.close();
    admin.close();
    plane.close();
  }
}
