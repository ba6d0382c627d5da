package dev.terminus.operator.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.terminus.crd.v1alpha1.Api;
import dev.terminus.crd.v1alpha1.NodeSpec;
import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.crd.v1alpha1.WorkflowExecutionSpec;
import dev.terminus.crd.v1alpha1.WorkflowSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the child execution of a workflow node: owned by the parent, labelled with it, with the
 * parent's upstream outputs as inputs and a deadline a grace after the node's own, capped at the
 * schema's maximum (the parent enforces the node's deadline itself, so that exactly one outcome is
 * recorded).
 */
public final class ChildFactory {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Duration grace;

  public ChildFactory(Duration grace) {
    this.grace = grace;
  }

  public WorkflowExecution build(
      WorkflowExecution parent,
      NodeSpec node,
      String name,
      List<NodeStatus> nodes,
      List<String> lineage) {
    WorkflowExecution child = new WorkflowExecution();
    child.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(parent.getMetadata().getNamespace())
            .addToLabels(Api.LABEL_PARENT, parent.getMetadata().getName())
            .addToLabels(Api.LABEL_PARENT_NODE, node.name())
            .addToLabels("app.kubernetes.io/managed-by", "terminus")
            .addToAnnotations(Api.ANNOTATION_LINEAGE, String.join(",", lineage))
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(parent.getApiVersion())
                    .withKind(parent.getKind())
                    .withName(parent.getMetadata().getName())
                    .withUid(parent.getMetadata().getUid())
                    .withController(true)
                    .withBlockOwnerDeletion(true)
                    .build())
            .build());
    child.setSpec(
        new WorkflowExecutionSpec(
            node.workflowRef(),
            inline(node),
            inputs(parent, node, nodes),
            childDeadline(node.activeDeadlineSeconds()),
            null,
            null,
            null,
            null,
            null));
    return child;
  }

  /**
   * The child's own deadline: a grace after its node's (the parent cancels it at the node's), but
   * never above the schema's maximum, which the API server would refuse (422) for a node deadline
   * near it.
   */
  Long childDeadline(Long nodeDeadline) {
    if (nodeDeadline == null) {
      return null;
    }
    return Math.min(nodeDeadline + grace.toSeconds(), Api.MAX_DEADLINE_SECONDS);
  }

  /**
   * The inline workflow of the node, read with the API's own schema. A malformed one still makes a
   * child, whose own validation then fails it InvalidSpec with every problem listed.
   */
  private static WorkflowSpec inline(NodeSpec node) {
    if (node.workflow() == null) {
      return null;
    }
    try {
      return JSON.treeToValue(node.workflow(), WorkflowSpec.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return new WorkflowSpec(null, null, null);
    }
  }

  /** The parent's inputs, then each upstream node's output under its name. */
  private static Map<String, String> inputs(
      WorkflowExecution parent, NodeSpec node, List<NodeStatus> nodes) {
    Map<String, String> inputs = new LinkedHashMap<>();
    if (parent.getSpec().inputs() != null) {
      inputs.putAll(parent.getSpec().inputs());
    }
    for (String dep : node.dependsOnOrEmpty()) {
      nodes.stream()
          .filter(n -> n.name().equals(dep) && n.outputPreview() != null)
          .findFirst()
          .ifPresent(n -> inputs.put(dep, n.outputPreview()));
    }
    return inputs.isEmpty() ? null : inputs;
  }
}
