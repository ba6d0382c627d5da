package dev.terminus.embedded.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A kind the embedded API serves: what discovery says about it, its printer columns, and (for
 * custom resources) its OpenAPI v3 schema.
 *
 * @param schema the CRD's openAPIV3Schema; null for built-in kinds, which are not validated
 * @param printerColumns the CRD's additionalPrinterColumns; empty for built-in kinds
 * @param verbs what discovery says can be done with it: {@link #VERBS}, or only create for a review
 *     that is answered, not stored ({@link AccessReviews})
 */
record ResourceType(
    String group,
    String version,
    String plural,
    String singular,
    String kind,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    boolean statusSubresource,
    List<PrinterColumn> printerColumns,
    JsonNode schema,
    List<String> verbs) {

  static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  /** A built-in kind. */
  static ResourceType builtIn(
      String group,
      String version,
      String plural,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      boolean statusSubresource) {
    return new ResourceType(
        group,
        version,
        plural,
        kind.toLowerCase(java.util.Locale.ROOT),
        kind,
        namespaced,
        shortNames,
        List.of(),
        statusSubresource,
        List.of(),
        null,
        VERBS);
  }

  /** The same kind in the {@code all} category ({@code kubectl get all}), as workloads are. */
  ResourceType inCategoryAll() {
    return with(List.of("all"), verbs);
  }

  /** The same kind, answered on create and never stored (a review). */
  ResourceType createOnly() {
    return with(categories, List.of("create"));
  }

  private ResourceType with(List<String> newCategories, List<String> newVerbs) {
    return new ResourceType(
        group,
        version,
        plural,
        singular,
        kind,
        namespaced,
        shortNames,
        newCategories,
        statusSubresource,
        printerColumns,
        schema,
        newVerbs);
  }

  String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  boolean isCustom() {
    return schema != null;
  }

  /**
   * One column of {@code kubectl get}: a CRD's additionalPrinterColumn.
   *
   * @param type integer, number, string, boolean or date
   */
  record PrinterColumn(
      String name, String type, String format, String description, int priority, String jsonPath) {}
}
