package dev.terminus.operator.sinks;

/**
 * Kubernetes calls a resourceVersion opaque, but every API server backed by etcd (and the embedded
 * one) hands out increasing integers; projections compare them as numbers when they parse, so that
 * an older write never overwrites a newer one.
 */
public final class ResourceVersions {
  private ResourceVersions() {}

  /** The version as a number, or null when it is not one. */
  public static Long numeric(String resourceVersion) {
    if (resourceVersion == null || resourceVersion.isEmpty() || resourceVersion.length() > 18) {
      return null;
    }
    for (int i = 0; i < resourceVersion.length(); i++) {
      if (!Character.isDigit(resourceVersion.charAt(i))) {
        return null;
      }
    }
    return Long.parseLong(resourceVersion);
  }
}
