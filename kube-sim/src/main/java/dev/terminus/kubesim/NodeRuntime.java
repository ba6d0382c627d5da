package dev.terminus.kubesim;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What the node and its container runtime assign to a Pod: addresses, container and image IDs (in
 * containerd's format, stable for a given Pod), and the QoS class the API server derives.
 */
public final class NodeRuntime {

  public static final String NODE_IP = "10.0.0.7";

  /** The one node of the simulated cluster (embedded mode binds its Pods to it). */
  public static final String NODE_NAME = "terminus-embedded";

  private NodeRuntime() {}

  /** BestEffort without any requests or limits, Guaranteed when limits equal requests. */
  public static String qosClass(Pod pod) {
    boolean anyResources = false;
    boolean guaranteed = true;
    for (Container container : pod.getSpec().getContainers()) {
      ResourceRequirements resources = container.getResources();
      Map<String, Quantity> requests = resources == null ? null : resources.getRequests();
      Map<String, Quantity> limits = resources == null ? null : resources.getLimits();
      boolean hasRequests = requests != null && !requests.isEmpty();
      boolean hasLimits = limits != null && !limits.isEmpty();
      anyResources |= hasRequests || hasLimits;
      guaranteed &= hasLimits && limitsCoverRequests(requests, limits);
    }
    if (!anyResources) {
      return "BestEffort";
    }
    return guaranteed ? "Guaranteed" : "Burstable";
  }

  private static boolean limitsCoverRequests(
      Map<String, Quantity> requests, Map<String, Quantity> limits) {
    for (String resource : List.of("cpu", "memory")) {
      Quantity limit = limits.get(resource);
      Quantity request = requests == null ? null : requests.get(resource);
      if (limit == null || (request != null && !request.equals(limit))) {
        return false;
      }
    }
    return true;
  }

  public static String podIp(Pod pod) {
    return "10.244.0." + (2 + Math.floorMod(pod.getMetadata().getName().hashCode(), 250));
  }

  public static String containerId(Pod pod) {
    return "containerd://" + sha256(pod.getMetadata().getUid() + "/" + pod.getMetadata().getName());
  }

  public static String imageId(String image) {
    String repository = image == null ? "unknown" : image.replaceFirst(":[^:/]+$", "");
    return repository + "@sha256:" + sha256(String.valueOf(image));
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
