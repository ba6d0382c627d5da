package dev.terminus.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.terminus.protocol.WorkerEnv;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's environment table documents the worker protocol: every variable it names is one that
 * {@link WorkerEnv} declares, and every declared variable is in it.
 */
class EnvironmentTableTest {
  private static final Pattern NAME = Pattern.compile("`(" + WorkerEnv.PREFIX + "[A-Z0-9_]+)`");

  @Test
  void theReadmeTableListsExactlyTheProtocolsVariables() throws Exception {
    assertThat(documented()).isNotEmpty().isEqualTo(declared());
  }

  /** The names in the first column of the table under "## Environment". */
  private static Set<String> documented() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf("\n## Environment\n");
    assertThat(start).as("README.md has an Environment section").isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    Set<String> names = new TreeSet<>();
    section
        .lines()
        .filter(line -> line.startsWith("| `"))
        .map(line -> line.split("\\|")[1])
        .forEach(
            cell -> {
              Matcher m = NAME.matcher(cell);
              while (m.find()) {
                names.add(m.group(1));
              }
            });
    return names;
  }

  /** The protocol's variables: its String constants that are TERMINUS_* names. */
  private static Set<String> declared() {
    Set<String> names = new TreeSet<>();
    Arrays.stream(WorkerEnv.class.getFields())
        .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
        .map(EnvironmentTableTest::value)
        .filter(v -> v.startsWith(WorkerEnv.PREFIX) && v.length() > WorkerEnv.PREFIX.length())
        .forEach(names::add);
    return names;
  }

  private static String value(Field field) {
    try {
      return (String) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
