package dev.terminus.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kubernetes control plane on loopback: etcd, kube-apiserver (RBAC, the admission plugins of
 * a production cluster, a service-account token signer) and kube-controller-manager with the
 * controllers Terminus relies on (Job, garbage collector, namespace, resource quota, service
 * accounts). There is no kubelet and no scheduler: {@code NodeAgent} plays both. Every process is a
 * {@link GuardedProcess}, so none outlives the JVM.
 */
public final class ControlPlane implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);

  /** Controllers of kube-controller-manager that this control plane runs. */
  public static final List<String> CONTROLLERS =
      List.of(
          "job-controller",
          "garbage-collector-controller",
          "namespace-controller",
          "resourcequota-controller",
          "serviceaccount-controller",
          "serviceaccount-token-controller",
          "root-ca-certificate-publisher-controller");

  private static final Duration START_BOUND = Duration.ofSeconds(90);
  private static final Duration STOP_BOUND = Duration.ofSeconds(15);

  private final ControlPlaneBinaries binaries;
  private final Path dir;
  private final Map<String, ClusterIdentity> identities = new LinkedHashMap<>();
  private final int etcdPort;
  private final int etcdPeerPort;
  private final int apiPort;
  private GuardedProcess etcd;
  private GuardedProcess apiServer;
  private GuardedProcess controllerManager;

  private ControlPlane(ControlPlaneBinaries binaries, Path dir) {
    this.binaries = binaries;
    this.dir = dir;
    this.etcdPort = freePort();
    this.etcdPeerPort = freePort();
    this.apiPort = freePort();
    for (String user :
        List.of(
            ClusterIdentity.ADMIN,
            ClusterIdentity.CONTROLLER_MANAGER,
            ClusterIdentity.NODE_AGENT,
            ClusterIdentity.ARGO_CONTROLLER)) {
      identities.put(user, new ClusterIdentity(user, randomToken(), List.of("system:masters")));
    }
  }

  /** Starts a new control plane whose files (data, keys, logs) live under {@code dir}. */
  public static ControlPlane start(ControlPlaneBinaries binaries, Path dir) {
    ControlPlane plane = new ControlPlane(binaries, dir);
    try {
      plane.prepare();
      plane.startEtcd();
      plane.startApiServer();
      plane.startControllerManager();
      plane.awaitControllers();
      return plane;
    } catch (IOException | RuntimeException e) {
      plane.close();
      throw new IllegalStateException("control plane did not start; logs in " + dir, e);
    }
  }

  public String serverUrl() {
    return "https://127.0.0.1:" + apiPort;
  }

  public Path dir() {
    return dir;
  }

  public ControlPlaneBinaries binaries() {
    return binaries;
  }

  public ClusterIdentity identity(String user) {
    ClusterIdentity identity = identities.get(user);
    if (identity == null) {
      throw new IllegalArgumentException("no identity " + user);
    }
    return identity;
  }

  /** A client with {@code identity}'s token; {@code userAgent} names it in the server's logs. */
  public KubernetesClient client(ClusterIdentity identity, String userAgent) {
    return client(identity.token(), userAgent);
  }

  /** A client authenticating with a bearer {@code token} (e.g. a service account's). */
  public KubernetesClient client(String token, String userAgent) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(serverUrl())
            .withOauthToken(token)
            .withTrustCerts(true)
            .withUserAgent(userAgent)
            .withRequestTimeout(30_000)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /**
   * Writes a kubeconfig for {@code token} whose context defaults to {@code namespace} (kubectl,
   * helm, an operator process: its Lease namespace) and returns it.
   */
  public Path kubeconfig(String name, String token, String namespace) {
    Path file = dir.resolve(name + ".kubeconfig");
    String yaml =
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: terminus-test",
            "  cluster:",
            "    server: " + serverUrl(),
            "    insecure-skip-tls-verify: true",
            "users:",
            "- name: " + name,
            "  user:",
            "    token: " + token,
            "contexts:",
            "- name: " + name,
            "  context:",
            "    cluster: terminus-test",
            "    user: " + name,
            "    namespace: " + namespace,
            "current-context: " + name,
            "");
    try {
      Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** The API server's audit log: one JSON event per request (user, user agent, verb, resource). */
  public Path auditLog() {
    return dir.resolve("audit.log");
  }

  /** Stops kube-apiserver (gracefully) and starts it again on the same port and etcd. */
  public void restartApiServer() throws IOException {
    apiServer.stop(STOP_BOUND);
    startApiServer();
  }

  private void prepare() throws IOException {
    Files.createDirectories(dir.resolve("etcd"));
    Files.createDirectories(dir.resolve("certs"));
    ServiceAccountKeys.write(dir.resolve("sa.key"), dir.resolve("sa.pub"));
    List<String> lines = new ArrayList<>();
    identities.values().forEach(i -> lines.add(i.csvLine()));
    Files.write(dir.resolve("tokens.csv"), lines);
    Files.writeString(
        dir.resolve("audit-policy.yaml"),
        String.join(
            "\n",
            "apiVersion: audit.k8s.io/v1",
            "kind: Policy",
            "omitStages: [RequestReceived]",
            "rules:",
            "- level: Metadata",
            ""));
  }

  private void startEtcd() throws IOException {
    String client = "http://127.0.0.1:" + etcdPort;
    String peer = "http://127.0.0.1:" + etcdPeerPort;
    etcd =
        GuardedProcess.start(
            "etcd",
            List.of(
                binaries.path("etcd").toString(),
                "--name=default",
                "--data-dir=" + dir.resolve("etcd"),
                "--listen-client-urls=" + client,
                "--advertise-client-urls=" + client,
                "--listen-peer-urls=" + peer,
                "--initial-advertise-peer-urls=" + peer,
                "--initial-cluster=default=" + peer,
                // Test data: an fsync per write would make etcd, not Kubernetes, the bottleneck.
                "--unsafe-no-fsync=true",
                "--quota-backend-bytes=4294967296",
                "--log-level=warn"),
            dir.resolve("etcd.log"));
  }

  private void startApiServer() throws IOException {
    apiServer =
        GuardedProcess.start(
            "kube-apiserver",
            List.of(
                binaries.path("kube-apiserver").toString(),
                "--etcd-servers=http://127.0.0.1:" + etcdPort,
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                // No Service endpoints for a loopback address; nothing in the suite needs them.
                "--endpoint-reconciler-type=none",
                "--secure-port=" + apiPort,
                "--cert-dir=" + dir.resolve("certs"),
                "--token-auth-file=" + dir.resolve("tokens.csv"),
                "--authorization-mode=RBAC",
                "--enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,"
                    + "DefaultStorageClass,ResourceQuota,ValidatingAdmissionPolicy",
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                "--service-account-key-file=" + dir.resolve("sa.pub"),
                "--service-account-signing-key-file=" + dir.resolve("sa.key"),
                "--service-cluster-ip-range=10.96.0.0/16",
                "--allow-privileged=false",
                "--profiling=false",
                // Every request with its user and user agent: who does what to the API server.
                "--audit-policy-file=" + dir.resolve("audit-policy.yaml"),
                "--audit-log-path=" + auditLog(),
                "--audit-log-format=json",
                "--audit-log-mode=blocking",
                "--v=1"),
            dir.resolve("kube-apiserver.log"));
    awaitReady();
  }

  private void startControllerManager() throws IOException {
    Path kubeconfig =
        kubeconfig(
            "kube-controller-manager",
            identity(ClusterIdentity.CONTROLLER_MANAGER).token(),
            "kube-system");
    controllerManager =
        GuardedProcess.start(
            "kube-controller-manager",
            List.of(
                binaries.path("kube-controller-manager").toString(),
                "--kubeconfig=" + kubeconfig,
                "--controllers=" + String.join(",", CONTROLLERS),
                "--service-account-private-key-file=" + dir.resolve("sa.key"),
                "--root-ca-file=" + dir.resolve("certs/apiserver.crt"),
                "--use-service-account-credentials=false",
                "--leader-elect=false",
                "--bind-address=127.0.0.1",
                "--secure-port=" + freePort(),
                "--v=1"),
            dir.resolve("kube-controller-manager.log"));
  }

  /** /readyz answers 200: etcd is reachable and every post-start hook (RBAC bootstrap) ran. */
  private void awaitReady() {
    HttpClient http = HttpClient.newBuilder().sslContext(trustAll()).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(serverUrl() + "/readyz"))
            .header("Authorization", "Bearer " + identity(ClusterIdentity.ADMIN).token())
            .timeout(Duration.ofSeconds(5))
            .build();
    Instant bound = Instant.now().plus(START_BOUND);
    String last = "no answer";
    while (Instant.now().isBefore(bound)) {
      if (!apiServer.isAlive()) {
        throw new IllegalStateException("kube-apiserver exited; see kube-apiserver.log");
      }
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        last = response.statusCode() + " " + response.body();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      sleep(Duration.ofMillis(250));
    }
    throw new IllegalStateException("kube-apiserver not ready within " + START_BOUND + ": " + last);
  }

  /** The service-account controller has made the default namespace's ServiceAccount. */
  private void awaitControllers() {
    try (KubernetesClient admin =
        client(identity(ClusterIdentity.ADMIN), "terminus-control-plane")) {
      Instant bound = Instant.now().plus(START_BOUND);
      while (Instant.now().isBefore(bound)) {
        if (!controllerManager.isAlive()) {
          throw new IllegalStateException(
              "kube-controller-manager exited; see kube-controller-manager.log");
        }
        if (admin.serviceAccounts().inNamespace("default").withName("default").get() != null) {
          return;
        }
        sleep(Duration.ofMillis(250));
      }
    }
    throw new IllegalStateException("kube-controller-manager made no ServiceAccount in time");
  }

  @Override
  public void close() {
    for (GuardedProcess process : new GuardedProcess[] {controllerManager, apiServer, etcd}) {
      if (process != null) {
        process.stop(STOP_BOUND);
      }
    }
    LOG.info("control plane in {} stopped", dir);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String randomToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The serving certificate is self-signed by kube-apiserver; loopback only. */
  private static SSLContext trustAll() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          null,
          new TrustManager[] {
            new X509TrustManager() {
              @Override
              public void checkClientTrusted(X509Certificate[] chain, String authType) {}

              @Override
              public void checkServerTrusted(X509Certificate[] chain, String authType) {}

              @Override
              public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
              }
            }
          },
          new SecureRandom());
      return context;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
