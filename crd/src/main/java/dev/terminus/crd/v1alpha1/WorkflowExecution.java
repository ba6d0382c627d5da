package dev.terminus.crd.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One run of a workflow. Its status is derived on every reconcile and ends terminal.
 *
 * <p>Its name is the value of the label {@value Api#LABEL_EXECUTION} on its Jobs and Pods (and of
 * {@value Api#LABEL_PARENT} on its child executions), so it may have at most {@value
 * Api#MAX_EXECUTION_NAME} characters, not the 253 of other names: the schema refuses a longer one
 * at admission (a CEL rule on the root, where metadata.name is visible), and the operator's
 * validator fails it InvalidSpec where no CEL runs.
 */
@Group(Api.GROUP)
@Version(Api.VERSION)
@ShortNames("wfx")
@ValidationRule(
    value = "size(self.metadata.name) <= " + Api.MAX_EXECUTION_NAME,
    message =
        "metadata.name may have at most 63 characters: it is the value of the label"
            + " terminus.dev/execution on the execution's Jobs")
@AdditionalPrinterColumn(
    name = "PHASE",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "PROGRESS",
    jsonPath = ".status.progress",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "REASON",
    jsonPath = ".status.reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class WorkflowExecution
    extends CustomResource<WorkflowExecutionSpec, WorkflowExecutionStatus> implements Namespaced {}
