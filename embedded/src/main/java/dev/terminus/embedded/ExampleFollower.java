package dev.terminus.embedded;

import dev.terminus.crd.v1alpha1.NodeStatus;
import dev.terminus.crd.v1alpha1.WorkflowExecution;
import dev.terminus.crd.v1alpha1.WorkflowExecutionStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** Applies an example and prints its execution's progress until it ends. */
public final class ExampleFollower {

  private final KubernetesClient client;
  private final String namespace;
  private final PrintStream out;

  public ExampleFollower(KubernetesClient client, String namespace, PrintStream out) {
    this.client = client;
    this.namespace = namespace;
    this.out = out;
  }

  /** Creates (or replaces) every object of the file; returns the name of the last execution. */
  public String apply(Path file) throws IOException {
    String execution = null;
    try (InputStream in = Files.newInputStream(file)) {
      for (HasMetadata item : client.load(in).items()) {
        client.resource(item).inNamespace(namespace).createOr(c -> c.update());
        out.println("applied " + item.getKind() + "/" + item.getMetadata().getName());
        if ("WorkflowExecution".equals(item.getKind())) {
          execution = item.getMetadata().getName();
        }
      }
    }
    return Objects.requireNonNull(execution, file + " holds no WorkflowExecution");
  }

  /** Prints each change of phase, progress and reason until the execution is terminal. */
  public WorkflowExecutionStatus follow(String name) throws InterruptedException {
    String last = "";
    out.printf("%-20s %-10s %-9s %s%n", "NAME", "PHASE", "PROGRESS", "REASON");
    while (true) {
      WorkflowExecution wfx =
          client.resources(WorkflowExecution.class).inNamespace(namespace).withName(name).get();
      WorkflowExecutionStatus s = wfx == null ? null : wfx.getStatus();
      if (s != null && s.phase() != null) {
        String line =
            String.format(
                "%-20s %-10s %-9s %s",
                name, s.phase(), s.progress(), s.reason() == null ? "" : s.reason());
        if (!line.equals(last)) {
          out.println(line);
          last = line;
        }
        if (s.phase().isTerminal()) {
          printNodes(s);
          return s;
        }
      }
      Thread.sleep(250);
    }
  }

  private void printNodes(WorkflowExecutionStatus status) {
    if (status.nodes() == null) {
      return;
    }
    for (NodeStatus node : status.nodes()) {
      String detail =
          node.outputPreview() != null
              ? "output: " + node.outputPreview()
              : node.message() != null ? node.message() : "";
      out.printf(
          "  %-16s %-10s %-18s %s%n",
          node.name(), node.phase(), node.reason() == null ? "" : node.reason(), oneLine(detail));
    }
  }

  private static String oneLine(String text) {
    String flat = text.replace('\n', ' ');
    return flat.length() > 100 ? flat.substring(0, 97) + "..." : flat;
  }
}
