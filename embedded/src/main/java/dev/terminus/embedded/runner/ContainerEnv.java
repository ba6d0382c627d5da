package dev.terminus.embedded.runner;

import dev.terminus.kubesim.NodeRuntime;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A container's environment as the kubelet builds it: plain values, {@code $(VAR)} references to
 * earlier variables, and values from Secrets, ConfigMaps and the Pod's own fields. A Secret or
 * ConfigMap (or key) that does not exist is a {@link ConfigError} with the kubelet's message; the
 * Pod then waits in {@code CreateContainerConfigError}.
 */
final class ContainerEnv {

  /** The container cannot be configured; the message is the kubelet's. */
  static final class ConfigError extends Exception {
    ConfigError(String message) {
      super(message);
    }
  }

  private final KubernetesClient client;

  ContainerEnv(KubernetesClient client) {
    this.client = client;
  }

  Map<String, String> resolve(Pod pod, Container container) throws ConfigError {
    Map<String, String> env = new LinkedHashMap<>();
    if (container.getEnv() == null) {
      return env;
    }
    for (EnvVar variable : container.getEnv()) {
      String value =
          variable.getValueFrom() == null
              ? expand(variable.getValue(), env)
              : valueFrom(pod, variable.getValueFrom());
      if (value != null) {
        env.put(variable.getName(), value);
      }
    }
    return env;
  }

  private String valueFrom(Pod pod, EnvVarSource source) throws ConfigError {
    if (source.getSecretKeyRef() != null) {
      return secretValue(pod.getMetadata().getNamespace(), source.getSecretKeyRef());
    }
    if (source.getConfigMapKeyRef() != null) {
      return configMapValue(pod.getMetadata().getNamespace(), source.getConfigMapKeyRef());
    }
    if (source.getFieldRef() != null) {
      return fieldValue(pod, source.getFieldRef().getFieldPath());
    }
    return null;
  }

  private String secretValue(String namespace, SecretKeySelector ref) throws ConfigError {
    boolean optional = Boolean.TRUE.equals(ref.getOptional());
    Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
    if (secret == null) {
      if (optional) {
        return null;
      }
      throw new ConfigError("secret \"" + ref.getName() + "\" not found");
    }
    if (secret.getData() != null && secret.getData().containsKey(ref.getKey())) {
      byte[] decoded = Base64.getDecoder().decode(secret.getData().get(ref.getKey()));
      return new String(decoded, StandardCharsets.UTF_8);
    }
    if (secret.getStringData() != null && secret.getStringData().containsKey(ref.getKey())) {
      return secret.getStringData().get(ref.getKey());
    }
    if (optional) {
      return null;
    }
    throw new ConfigError(
        "couldn't find key " + ref.getKey() + " in Secret " + namespace + "/" + ref.getName());
  }

  private String configMapValue(String namespace, ConfigMapKeySelector ref) throws ConfigError {
    boolean optional = Boolean.TRUE.equals(ref.getOptional());
    ConfigMap map = client.configMaps().inNamespace(namespace).withName(ref.getName()).get();
    if (map == null) {
      if (optional) {
        return null;
      }
      throw new ConfigError("configmap \"" + ref.getName() + "\" not found");
    }
    if (map.getData() != null && map.getData().containsKey(ref.getKey())) {
      return map.getData().get(ref.getKey());
    }
    if (optional) {
      return null;
    }
    throw new ConfigError(
        "couldn't find key " + ref.getKey() + " in ConfigMap " + namespace + "/" + ref.getName());
  }

  private static String fieldValue(Pod pod, String path) {
    return switch (path) {
      case "metadata.name" -> pod.getMetadata().getName();
      case "metadata.namespace" -> pod.getMetadata().getNamespace();
      case "metadata.uid" -> pod.getMetadata().getUid();
      case "spec.nodeName" -> pod.getSpec().getNodeName();
      case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
      case "status.podIP" -> NodeRuntime.podIp(pod);
      case "status.hostIP" -> NodeRuntime.NODE_IP;
      default -> path.startsWith("metadata.labels['") ? label(pod, path) : "";
    };
  }

  private static String label(Pod pod, String path) {
    String key = path.substring("metadata.labels['".length(), path.length() - 2);
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels == null ? "" : labels.getOrDefault(key, "");
  }

  /** {@code $(NAME)} becomes the value of an earlier variable; {@code $$(NAME)} stays literal. */
  private static String expand(String value, Map<String, String> earlier) {
    if (value == null || !value.contains("$(")) {
      return value == null ? "" : value;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      if (value.startsWith("$$(", i)) {
        out.append("$(");
        i += 2;
      } else if (value.startsWith("$(", i) && value.indexOf(')', i) > 0) {
        int end = value.indexOf(')', i);
        String name = value.substring(i + 2, end);
        out.append(earlier.getOrDefault(name, "$(" + name + ")"));
        i = end;
      } else {
        out.append(value.charAt(i));
      }
    }
    return out.toString();
  }
}
