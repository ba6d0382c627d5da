package dev.terminus.cluster;

import static dev.terminus.operator.fixtures.ExecutionBuilder.execution;
import static dev.terminus.operator.fixtures.NodeBuilder.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.terminus.crd.v1alpha1.ExecutionPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two replicas behind the chart's Lease RBAC: the leader keeps renewing (fabric8 renews with a
 * PATCH), the standby only watches the Lease, and when the leader is killed the standby leads
 * within the lease bound and finishes the work.
 */
@ExtendWith(RealClusterExtension.class)
class LeaderElectionClusterTest {

  /** JOSDK's defaults: lease 15 s, renew deadline 10 s, retry period 2 s; plus start-up. */
  private static final Duration TAKEOVER_BOUND = Duration.ofSeconds(40);

  private static RealCluster cluster;
  private static Executions executions;

  @BeforeAll
  static void setUp(RealCluster given) {
    cluster = given;
    cluster.ensureOperator();
    executions = cluster.executions("leader", PodScripts.succeedAfter(Duration.ofSeconds(1)));
  }

  @Test
  void standbyDoesNoClusterWorkAndLeadsWithinTheLeaseBoundWhenTheLeaderIsKilled() {
    OperatorReplica leader = cluster.awaitLeader(Duration.ofSeconds(60));
    OperatorReplica standby = cluster.startReplica();
    AuditLog audit = new AuditLog(cluster.plane().auditLog());
    // Past the standby's start-up and well past one renew period of the leader.
    ControlPlane.sleep(Duration.ofSeconds(20));
    long mark = audit.mark();
    ControlPlane.sleep(Duration.ofSeconds(12));

    List<AuditLog.Request> leaderRequests = byAgent(audit.since(mark), leader);
    List<AuditLog.Request> standbyRequests = byAgent(audit.since(mark), standby);
    assertThat(leaderRequests)
        .as("the leader renews its Lease, and is allowed to")
        .anyMatch(r -> r.resource().equals("leases") && r.isWrite() && r.code() == 200);
    assertThat(leaderRequests).noneMatch(r -> r.resource().equals("leases") && r.code() == 403);
    assertThat(standby.isAlive()).isTrue();
    assertThat(standbyRequests)
        .as("a standby touches nothing but the Lease")
        .allMatch(r -> r.resource().equals("leases"));
    assertThat(cluster.leader()).contains(leader);

    executions.create(
        execution("handover")
            .nodes(node("a"), node("b").dependsOn("a"), node("c").dependsOn("b"))
            .build());
    executions.awaitRunningPod("handover", "a", Duration.ofSeconds(30));
    Instant killed = Instant.now();
    leader.kill();

    OperatorReplica next = cluster.awaitLeader(TAKEOVER_BOUND);
    Duration takeover = Duration.between(killed, Instant.now());
    System.out.println(
        "standby " + next.identity() + " took over in " + takeover.toMillis() + " ms");
    assertThat(next).isSameAs(standby);
    assertThat(executions.awaitTerminal("handover", Duration.ofSeconds(60)).getStatus().phase())
        .isEqualTo(ExecutionPhase.Succeeded);
  }

  private static List<AuditLog.Request> byAgent(
      List<AuditLog.Request> requests, OperatorReplica replica) {
    return requests.stream()
        .filter(r -> r.userAgent().startsWith(ReplicaMain.USER_AGENT_PREFIX + replica.identity()))
        .toList();
  }
}
