package dev.terminus.kubesim;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds the CRDs that the fabric8 CRD generator wrote ({@code META-INF/fabric8/<plural>.<group>-v1
 * .yml}) on the classpath and creates them. They come from the terminus-crd module, either as a jar
 * (a build of the operator module alone) or as a classes directory (a reactor build).
 */
public final class CrdFiles {

  private static final String FOLDER = "META-INF/fabric8/";
  private static final String SUFFIX = "-v1.yml";

  private CrdFiles() {}

  public static List<CustomResourceDefinition> installAll(KubernetesClient client) {
    List<CustomResourceDefinition> crds = readAll(client);
    if (crds.isEmpty()) {
      throw new IllegalStateException("No " + FOLDER + "*" + SUFFIX + " on the classpath");
    }
    crds.forEach(
        crd -> client.apiextensions().v1().customResourceDefinitions().resource(crd).create());
    return crds;
  }

  /**
   * Waits, at most {@code bound} each, until a real API server serves {@code crds} (condition
   * Established). The mock server sets no conditions: only for a real one.
   */
  public static void awaitEstablished(
      KubernetesClient client, List<CustomResourceDefinition> crds, java.time.Duration bound) {
    for (CustomResourceDefinition crd : crds) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .resource(crd)
          .waitUntilCondition(
              CrdFiles::established, bound.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static List<CustomResourceDefinition> readAll(KubernetesClient client) {
    Function<InputStream, CustomResourceDefinition> parse =
        in -> client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
    List<CustomResourceDefinition> crds = new ArrayList<>();
    try {
      for (URL folder : Collections.list(classLoader().getResources(FOLDER))) {
        crds.addAll(readFolder(folder, parse));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return crds;
  }

  private static List<CustomResourceDefinition> readFolder(
      URL folder, Function<InputStream, CustomResourceDefinition> parse) throws IOException {
    switch (folder.getProtocol()) {
      case "file":
        return readDirectory(toPath(folder), parse);
      case "jar":
        return readJar(folder, parse);
      default:
        throw new IllegalStateException("Cannot list CRDs in " + folder);
    }
  }

  private static List<CustomResourceDefinition> readDirectory(
      Path directory, Function<InputStream, CustomResourceDefinition> parse) throws IOException {
    List<CustomResourceDefinition> crds = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(f -> f.toString().endsWith(SUFFIX)).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          crds.add(parse.apply(in));
        }
      }
    }
    return crds;
  }

  private static List<CustomResourceDefinition> readJar(
      URL folder, Function<InputStream, CustomResourceDefinition> parse) throws IOException {
    URLConnection connection = folder.openConnection();
    // A cached JarFile is shared with the class loader; closing it would break class loading.
    connection.setUseCaches(false);
    List<CustomResourceDefinition> crds = new ArrayList<>();
    try (JarFile jar = ((JarURLConnection) connection).getJarFile()) {
      List<String> names =
          jar.stream()
              .map(entry -> entry.getName())
              .filter(name -> name.startsWith(FOLDER) && name.endsWith(SUFFIX))
              .filter(name -> name.indexOf('/', FOLDER.length()) < 0)
              .sorted()
              .toList();
      for (String name : names) {
        try (InputStream in = jar.getInputStream(jar.getEntry(name))) {
          crds.add(parse.apply(in));
        }
      }
    }
    return crds;
  }

  private static Path toPath(URL url) {
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Bad classpath URL " + url, e);
    }
  }

  private static ClassLoader classLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : CrdFiles.class.getClassLoader();
  }
}
