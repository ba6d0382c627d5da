/**
 * The Terminus API, group {@code terminus.dev}, version {@code v1alpha1}: the {@link
 * dev.terminus.crd.v1alpha1.Workflow} template and the {@link
 * dev.terminus.crd.v1alpha1.WorkflowExecution} run. Every field carries a description that the
 * crd-generator copies into the CRD schema, so {@code kubectl explain} documents it.
 */
package dev.terminus.crd.v1alpha1;
