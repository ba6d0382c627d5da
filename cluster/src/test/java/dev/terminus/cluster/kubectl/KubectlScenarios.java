package dev.terminus.cluster.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kubectl commands a Terminus user types, run against two backends so that embedded mode
 * ({@code make run}) cannot drift from Kubernetes: a subclass per backend gives the kubectl, bound
 * to a namespace of its own, and the backend runs node containers with {@code sh -c} semantics (the
 * local runner runs them; the real cluster's node agent plays "sleep" as running forever, "exit N"
 * as exit code N, anything else as success).
 */
public abstract class KubectlScenarios {

  protected static final Duration WAIT = Duration.ofSeconds(60);

  /** kubectl against the backend, its context's namespace the scenarios' own. */
  protected abstract Kubectl kubectl();

  /** An inline execution of one node running {@code sh -c script}. */
  protected static String execution(String name, String script) {
    return """
        apiVersion: terminus.dev/v1alpha1
        kind: WorkflowExecution
        metadata:
          name: %s
        spec:
          workflow:
            nodes:
              - name: main
                image: busybox
                command: ["sh", "-c", "%s"]
                activeDeadlineSeconds: 300
        """
        .formatted(name, script);
  }

  @Test
  void createSecretGenericStoresTheLiteralValues() {
    kubectl()
        .run("create", "secret", "generic", "llm-cred", "--from-literal=apiKey=sk-test-123")
        .ok();

    String data =
        kubectl().run("get", "secret", "llm-cred", "-o", "jsonpath={.data.apiKey}").ok().out();
    assertThat(new String(Base64.getDecoder().decode(data.strip()), StandardCharsets.UTF_8))
        .isEqualTo("sk-test-123");
  }

  @Test
  void createConfigmapNamespaceAndJob() {
    kubectl().run("create", "configmap", "settings", "--from-literal=mode=fast").ok();
    assertThat(
            kubectl().run("get", "configmap", "settings", "-o", "jsonpath={.data.mode}").ok().out())
        .isEqualTo("fast");

    kubectl().run("create", "namespace", "scenario-extra").ok();
    assertThat(kubectl().run("get", "namespace", "scenario-extra", "-o", "name").ok().out().strip())
        .isEqualTo("namespace/scenario-extra");

    kubectl().run("create", "job", "by-hand", "--image=busybox", "--", "echo", "hi").ok();
    assertThat(
            kubectl()
                .run(
                    "get",
                    "job",
                    "by-hand",
                    "-o",
                    "jsonpath={.spec.template.spec.containers[0].image}")
                .ok()
                .out())
        .isEqualTo("busybox");
  }

  @Test
  void authCanIAnswersYes() {
    Kubectl.Result answer =
        kubectl().run("auth", "can-i", "create", "workflowexecutions.terminus.dev");

    assertThat(answer.exitCode()).isZero();
    assertThat(answer.out().strip()).isEqualTo("yes");
  }

  @Test
  void getShowsTheColumnsInTheConventionalOrder() {
    kubectl().runWithInput(execution("columns", "echo columns"), "apply", "-f", "-").ok();
    kubectl().run("wait", "--for=condition=Complete", "wfx/columns", "--timeout=60s").ok();

    List<String> lines = kubectl().run("get", "wfx", "columns").ok().lines();

    assertThat(lines.get(0)).matches("NAME\\s+PHASE\\s+PROGRESS\\s+REASON\\s+AGE");
    assertThat(lines.get(1)).matches("columns\\s+Succeeded\\s+1/1\\s+Succeeded\\s+\\d+s");
  }

  @Test
  void waitForConditionComplete() {
    kubectl().runWithInput(execution("waited", "echo waited"), "apply", "-f", "-").ok();

    Kubectl.Result waited =
        kubectl().run("wait", "--for=condition=Complete", "wfx/waited", "--timeout=60s");

    assertThat(waited.ok().out()).contains("workflowexecution.terminus.dev/waited condition met");
  }

  @Test
  void getWatchPrintsEachChange() throws Exception {
    try (Kubectl.Streaming watch = kubectl().stream("get", "wfx", "-w")) {
      kubectl().runWithInput(execution("watched", "echo watched"), "apply", "-f", "-").ok();

      List<String> lines = watch.readUntil("watched\\s.*Succeeded.*", WAIT);

      assertThat(lines).anyMatch(l -> l.matches("watched\\s+(Pending|Running).*"));
    }
  }

  @Test
  void serverSideApplyCreatesThenUpdates() {
    Kubectl.Result created =
        kubectl()
            .runWithInput(execution("ssa", "echo ssa"), "apply", "--server-side", "-f", "-")
            .ok();
    assertThat(created.out()).contains("workflowexecution.terminus.dev/ssa serverside-applied");

    Kubectl.Result again =
        kubectl()
            .runWithInput(execution("ssa", "echo ssa"), "apply", "--server-side", "-f", "-")
            .ok();
    assertThat(again.out()).contains("workflowexecution.terminus.dev/ssa serverside-applied");
    kubectl().run("wait", "--for=condition=Complete", "wfx/ssa", "--timeout=60s").ok();
  }

  @Test
  void describeShowsTheEventsOfAFailedNode() {
    kubectl().runWithInput(execution("described", "exit 3"), "apply", "-f", "-").ok();
    kubectl()
        .run("wait", "--for=jsonpath={.status.phase}=Failed", "wfx/described", "--timeout=60s")
        .ok();

    await("Events of the failure")
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(kubectl().run("describe", "wfx", "described").ok().out())
                    .contains("Events:")
                    .containsPattern("Warning\\s+Error\\s+\\S+\\s+terminus\\s+node main")
                    .containsPattern(
                        "Warning\\s+NodeFailed\\s+\\S+\\s+terminus\\s+execution Running -> Failed"));
  }

  @Test
  void cancelWithAMergePatchEndsCancelledAndRemovesTheJob() {
    kubectl().runWithInput(execution("cancelled", "sleep 300"), "apply", "-f", "-").ok();
    kubectl()
        .run(
            "wait",
            "--for=jsonpath={.status.nodes[0].phase}=Running",
            "wfx/cancelled",
            "--timeout=60s")
        .ok();

    kubectl()
        .run("patch", "wfx", "cancelled", "--type", "merge", "-p", "{\"spec\":{\"cancel\":true}}")
        .ok();

    kubectl()
        .run("wait", "--for=jsonpath={.status.phase}=Cancelled", "wfx/cancelled", "--timeout=60s")
        .ok();
    await("the Job of the cancelled execution gone")
        .atMost(WAIT)
        .until(
            () ->
                kubectl()
                    .run("get", "jobs", "-l", "terminus.dev/execution=cancelled", "-o", "name")
                    .out()
                    .isBlank());
  }

  @Test
  void explainDescribesTheFields() {
    Kubectl.Result explained = kubectl().run("explain", "wfx.spec.activeDeadlineSeconds");

    assertThat(explained.ok().out())
        .contains("activeDeadlineSeconds")
        .contains("KIND:")
        .contains("WorkflowExecution");
  }
}
