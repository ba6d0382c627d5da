package dev.terminus.embedded.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResourcePathTest {

  @Test
  void namespacedObjectWithSubresource() {
    ResourcePath path =
        ResourcePath.parse("/apis/batch/v1/namespaces/default/jobs/j1/status").orElseThrow();

    assertThat(path).isEqualTo(new ResourcePath("batch", "v1", "default", "jobs", "j1", "status"));
    assertThat(path.toPath()).isEqualTo("/apis/batch/v1/namespaces/default/jobs/j1/status");
    assertThat(path.isStatus()).isTrue();
  }

  @Test
  void coreCollectionsAcrossNamespacesAndNamespacesThemselves() {
    assertThat(ResourcePath.parse("/api/v1/pods").orElseThrow())
        .isEqualTo(new ResourcePath("", "v1", null, "pods", null, null));
    assertThat(ResourcePath.parse("/api/v1/namespaces/default").orElseThrow())
        .isEqualTo(new ResourcePath("", "v1", null, "namespaces", "default", null));
    assertThat(ResourcePath.parse("/api/v1/namespaces/default/status").orElseThrow())
        .isEqualTo(new ResourcePath("", "v1", null, "namespaces", "default", "status"));
  }

  @Test
  void notResourcePaths() {
    assertThat(ResourcePath.parse("/version")).isEmpty();
    assertThat(ResourcePath.parse("/apis/terminus.dev/v1alpha1")).isEmpty();
    assertThat(ResourcePath.parse("/openapi/v3")).isEmpty();
  }
}
