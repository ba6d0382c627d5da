package dev.terminus.embedded.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which objects a client found when it listed one object by name ({@code fieldSelector=
 * metadata.name=X}) and at which resourceVersion: kubectl lists so before it watches from that
 * version ({@code delete}, {@code wait}). The mock keeps no history, so a deletion between the two
 * would be lost; knowing the client saw the object lets the watch report it. Bounded: the latest
 * {@value #CAPACITY} lists.
 */
final class ListedByName {

  private static final int CAPACITY = 1024;

  private final Map<String, Boolean> found =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > CAPACITY;
        }
      };

  synchronized void listed(ResourcePath collection, String name, String version, boolean present) {
    found.put(key(collection, name, version), present);
  }

  /** The client listed the object at this version and found it. */
  synchronized boolean wasPresent(ResourcePath collection, String name, long version) {
    return Boolean.TRUE.equals(found.get(key(collection, name, String.valueOf(version))));
  }

  /** X of a field selector {@code metadata.name=X} (alone or among others), or null. */
  static String nameSelected(String fieldSelector) {
    if (fieldSelector == null) {
      return null;
    }
    for (String requirement : fieldSelector.split(",")) {
      String[] parts = requirement.trim().split("==?", 2);
      if (parts.length == 2
          && parts[0].trim().equals("metadata.name")
          && !requirement.contains("!=")) {
        return parts[1].trim();
      }
    }
    return null;
  }

  private static String key(ResourcePath collection, String name, String version) {
    return collection.collection().toPath() + "|" + name + "|" + version;
  }
}
