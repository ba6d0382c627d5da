package dev.terminus.cluster;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the one {@link RealCluster} of this JVM ({@code @ExtendWith} and a {@code
 * RealCluster} parameter): started on first use, shared by every test class, stopped when the test
 * run ends (and, should the JVM die, by the guards of its processes).
 */
public final class RealClusterExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RealClusterExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RealCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            RealCluster.class,
            k ->
                RealCluster.start(
                    Path.of("target", "control-plane-" + System.currentTimeMillis())
                        .toAbsolutePath()),
            RealCluster.class);
  }
}
