package dev.terminus.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl get} prints NAME, then the CRD's additionalPrinterColumns in their order: the
 * conventional order puts what the resource is doing first and AGE last (as for Jobs and Pods).
 * Checked on the committed CRDs, the ones the chart installs.
 */
class PrinterColumnsTest {

  @Test
  void getWfxShowsPhaseProgressReasonThenAge() {
    assertThat(columns("workflowexecutions")).containsExactly("PHASE", "PROGRESS", "REASON", "AGE");
  }

  @Test
  void getWfShowsValidNodesThenAge() {
    assertThat(columns("workflows")).containsExactly("VALID", "NODES", "AGE");
  }

  private static List<String> columns(String plural) {
    JsonNode crd = CrdFiles.read(CrdFiles.committed(plural));
    List<String> names = new ArrayList<>();
    crd.at("/spec/versions/0/additionalPrinterColumns")
        .forEach(c -> names.add(c.path("name").asText()));
    return names;
  }
}
