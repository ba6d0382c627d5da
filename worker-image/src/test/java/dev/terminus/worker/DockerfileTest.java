package dev.terminus.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Docker cannot build here, so the image's contract is checked on the Dockerfile's text: a
 * multi-stage build, a numeric non-root user, a read-only-root-friendly entrypoint running the jar
 * that Maven builds.
 */
class DockerfileTest {
  private final List<String> lines = instructions(Path.of("Dockerfile"));

  @Test
  void buildsWithMavenAndRunsOnAJre() {
    List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();

    assertThat(froms)
        .containsExactly("FROM maven:3-eclipse-temurin-17 AS build", "FROM eclipse-temurin:17-jre");
    assertThat(lines)
        .contains(
            "COPY --from=build /src/worker-image/target/terminus-worker.jar /app/terminus-worker.jar");
  }

  @Test
  void runsAsANumericNonRootUser() {
    List<String> users = lines.stream().filter(l -> l.startsWith("USER ")).toList();

    assertThat(users).hasSize(1);
    String uid = users.get(0).substring("USER ".length()).split(":")[0];
    assertThat(uid).matches("[0-9]+");
    assertThat(Integer.parseInt(uid)).isEqualTo(65532);
    assertThat(lines.indexOf(users.get(0)))
        .isGreaterThan(lines.indexOf("FROM eclipse-temurin:17-jre"));
  }

  @Test
  void theEntrypointRunsTheJarWithTmpAsItsOnlyWritablePlace() {
    String entrypoint =
        lines.stream().filter(l -> l.startsWith("ENTRYPOINT ")).reduce((a, b) -> b).orElseThrow();

    assertThat(entrypoint)
        .startsWith("ENTRYPOINT [\"java\",")
        .contains("\"-Djava.io.tmpdir=/tmp\"")
        .contains("\"-XX:-UsePerfData\"")
        .endsWith("\"-jar\", \"/app/terminus-worker.jar\"]");
  }

  @Test
  void theJarNameMatchesWhatMavenBuilds() throws Exception {
    assertThat(Files.readString(Path.of("pom.xml")))
        .contains("<outputFile>${project.build.directory}/terminus-worker.jar</outputFile>");
  }

  /** Non-comment lines with continuations joined. */
  private static List<String> instructions(Path dockerfile) {
    try {
      String text = Files.readString(dockerfile).replace("\\\n", " ");
      return text.lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .toList();
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + dockerfile.toAbsolutePath(), e);
    }
  }
}
