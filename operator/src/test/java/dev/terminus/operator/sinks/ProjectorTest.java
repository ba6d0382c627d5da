package dev.terminus.operator.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProjectorTest {
  private static final Instant AT = Instant.parse("2026-01-01T00:00:10Z");

  @Test
  void attemptsComeFromTheHistoryAndTheCurrentAttempt() {
    Runs.Write w = Runs.diamond("u1", "p", 7).get(1);

    ProjectedWrite p = Projector.project(w.execution(), w.transitions(), AT);

    assertThat(p.attempts())
        .extracting(a -> a.node() + "#" + a.attempt() + "=" + a.phase() + "/" + a.exitCode())
        .containsExactly("a#1=Succeeded/0", "b#1=Failed/1", "b#2=Running/null", "c#1=Running/null");
  }

  @Test
  void transitionsAreKeyedByTheWriteAndTheirPlaceInIt() {
    Runs.Write w = Runs.diamond("u1", "p", 7).get(1);

    List<TransitionRow> rows = Projector.project(w.execution(), w.transitions(), AT).transitions();

    assertThat(rows).extracting(TransitionRow::sequence).containsExactly("8-0", "8-1", "8-2");
    assertThat(rows).allSatisfy(t -> assertThat(t.at()).isEqualTo(AT));
    assertThat(rows.get(0).type()).isEqualTo("node");
  }

  @Test
  void theSameWriteProjectsTheSameWay() {
    Runs.Write w = Runs.diamond("u1", "p", 7).get(3);

    assertThat(Projector.project(w.execution(), w.transitions(), AT))
        .isEqualTo(Projector.project(w.execution(), w.transitions(), AT));
  }

  @Test
  void resourceVersionsCompareAsNumbersWhenTheyAreNumbers() {
    assertThat(ResourceVersions.numeric("123456")).isEqualTo(123456L);
    assertThat(ResourceVersions.numeric("abc")).isNull();
    assertThat(ResourceVersions.numeric("")).isNull();
    assertThat(ResourceVersions.numeric(null)).isNull();
    assertThat(ResourceVersions.numeric("99999999999999999999")).isNull();
  }
}
