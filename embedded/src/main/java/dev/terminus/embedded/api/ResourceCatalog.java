package dev.terminus.embedded.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.terminus.embedded.api.ResourceType.PrinterColumn;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every kind the embedded API serves: a fixed list of built-in kinds (those Terminus, its examples
 * and kubectl's everyday commands use), and the custom resources of the CRDs stored in the mock,
 * read afresh on each call so that an applied CRD is served at once.
 */
final class ResourceCatalog {

  private static final List<ResourceType> BUILT_IN =
      List.of(
          ResourceType.builtIn("", "v1", "pods", "Pod", true, List.of("po"), true).inCategoryAll(),
          ResourceType.builtIn("", "v1", "events", "Event", true, List.of("ev"), false),
          ResourceType.builtIn("", "v1", "secrets", "Secret", true, List.of(), false),
          ResourceType.builtIn("", "v1", "configmaps", "ConfigMap", true, List.of("cm"), false),
          ResourceType.builtIn(
              "", "v1", "serviceaccounts", "ServiceAccount", true, List.of("sa"), false),
          ResourceType.builtIn("", "v1", "services", "Service", true, List.of("svc"), true)
              .inCategoryAll(),
          ResourceType.builtIn("", "v1", "namespaces", "Namespace", false, List.of("ns"), true),
          ResourceType.builtIn("batch", "v1", "jobs", "Job", true, List.of(), true).inCategoryAll(),
          ResourceType.builtIn(
              "coordination.k8s.io", "v1", "leases", "Lease", true, List.of(), false),
          AccessReviews.SELF_SUBJECT_ACCESS_REVIEWS,
          AccessReviews.SELF_SUBJECT_RULES_REVIEWS,
          ResourceType.builtIn(
              "apiextensions.k8s.io",
              "v1",
              "customresourcedefinitions",
              "CustomResourceDefinition",
              false,
              List.of("crd", "crds"),
              true));

  private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

  private final Upstream upstream;

  ResourceCatalog(Upstream upstream) {
    this.upstream = upstream;
  }

  /** Every served kind, built-in first. */
  List<ResourceType> all() {
    List<ResourceType> all = new ArrayList<>(BUILT_IN);
    all.addAll(customResources());
    return all;
  }

  /** The groups, in discovery order: the core group "" first. */
  Set<String> groups() {
    Set<String> groups = new LinkedHashSet<>();
    all().forEach(t -> groups.add(t.group()));
    return groups;
  }

  List<ResourceType> inGroupVersion(String group, String version) {
    return all().stream()
        .filter(t -> t.group().equals(group) && t.version().equals(version))
        .toList();
  }

  Optional<ResourceType> find(ResourcePath path) {
    return all().stream()
        .filter(t -> t.group().equals(path.group()) && t.version().equals(path.version()))
        .filter(t -> t.plural().equals(path.resource()))
        .findFirst();
  }

  Optional<ResourceType> findKind(String apiVersion, String kind) {
    return all().stream()
        .filter(t -> t.apiVersion().equals(apiVersion) && t.kind().equals(kind))
        .findFirst();
  }

  private List<ResourceType> customResources() {
    JsonNode list = Upstream.checked(upstream.get(CRDS)).json();
    List<ResourceType> types = new ArrayList<>();
    for (JsonNode crd : list.path("items")) {
      for (JsonNode version : crd.path("spec").path("versions")) {
        if (version.path("served").asBoolean(true)) {
          types.add(fromCrd(crd.path("spec"), version));
        }
      }
    }
    return types;
  }

  private static ResourceType fromCrd(JsonNode spec, JsonNode version) {
    JsonNode names = spec.path("names");
    String kind = names.path("kind").asText();
    return new ResourceType(
        spec.path("group").asText(),
        version.path("name").asText(),
        names.path("plural").asText(),
        names.path("singular").asText(kind.toLowerCase(java.util.Locale.ROOT)),
        kind,
        !"Cluster".equals(spec.path("scope").asText()),
        texts(names.path("shortNames")),
        texts(names.path("categories")),
        version.path("subresources").has("status"),
        printerColumns(version.path("additionalPrinterColumns")),
        version.path("schema").path("openAPIV3Schema"),
        ResourceType.VERBS);
  }

  private static List<PrinterColumn> printerColumns(JsonNode columns) {
    List<PrinterColumn> result = new ArrayList<>();
    for (JsonNode c : columns) {
      result.add(
          new PrinterColumn(
              c.path("name").asText(),
              c.path("type").asText("string"),
              c.path("format").asText(""),
              c.path("description").asText(""),
              c.path("priority").asInt(0),
              c.path("jsonPath").asText()));
    }
    return result;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }
}
