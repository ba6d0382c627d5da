package dev.terminus.crd.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A reusable DAG template. Validated by its own reconciler, which sets the Valid condition. */
@Group(Api.GROUP)
@Version(Api.VERSION)
@ShortNames("wf")
@AdditionalPrinterColumn(
    name = "VALID",
    jsonPath = ".status.conditions[?(@.type==\"Valid\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "NODES",
    jsonPath = ".status.nodeCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class Workflow extends CustomResource<WorkflowSpec, WorkflowStatus> implements Namespaced {}
