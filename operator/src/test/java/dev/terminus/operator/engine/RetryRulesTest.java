package dev.terminus.operator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.terminus.crd.v1alpha1.FailureReason;
import dev.terminus.crd.v1alpha1.NodeDefaults;
import dev.terminus.crd.v1alpha1.NodeSpec;
import dev.terminus.crd.v1alpha1.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RetryRulesTest {

  private static final RetryPolicy TWO_RETRIES = new RetryPolicy(2, null, null, null, null);

  @Test
  void withoutPolicyNothingIsRetried() {
    assertThat(RetryRules.retries(null, FailureReason.Error, 1)).isFalse();
  }

  @Test
  void theLimitCountsRetriesAfterTheFirstAttempt() {
    assertThat(RetryRules.retries(TWO_RETRIES, FailureReason.Error, 1)).isTrue();
    assertThat(RetryRules.retries(TWO_RETRIES, FailureReason.Error, 2)).isTrue();
    assertThat(RetryRules.retries(TWO_RETRIES, FailureReason.Error, 3)).isFalse();
  }

  @Test
  void aLimitOfZeroOrUnsetMeansNoRetry() {
    assertThat(
            RetryRules.retries(new RetryPolicy(0, null, null, null, null), FailureReason.Error, 1))
        .isFalse();
    assertThat(
            RetryRules.retries(new RetryPolicy(null, 5L, null, null, null), FailureReason.Error, 1))
        .isFalse();
  }

  @Test
  void anUnknownReasonIsNotRetried() {
    assertThat(RetryRules.retries(TWO_RETRIES, null, 1)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(
      value = FailureReason.class,
      names = {
        "Error",
        "JobFailed",
        "DeadlineExceeded",
        "Lost",
        "OOMKilled",
        "Evicted",
        "HeartbeatTimeout"
      })
  void transientFailuresAreRetriedByDefault(FailureReason reason) {
    assertThat(RetryRules.retries(TWO_RETRIES, reason, 1)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = FailureReason.class,
      names = {
        "ImagePullFailed",
        "ConfigError",
        "Unschedulable",
        "PendingTooLong",
        "ChildFailed",
        "ChildDeadline"
      })
  void failuresAPersonMustFixAreNotRetriedByDefault(FailureReason reason) {
    assertThat(RetryRules.retries(TWO_RETRIES, reason, 1)).isFalse();
  }

  @Test
  void theDefaultsCoverEveryReasonOneWayOrTheOther() {
    // A new FailureReason must be placed in or out of the defaults on purpose.
    assertThat(RetryRules.DEFAULT_RETRY_ON)
        .hasSize(7)
        .doesNotContain(
            FailureReason.ImagePullFailed,
            FailureReason.ConfigError,
            FailureReason.Unschedulable,
            FailureReason.PendingTooLong,
            // A child execution already had its own retries; re-running it is asked for explicitly.
            FailureReason.ChildFailed,
            FailureReason.ChildDeadline);
    assertThat(FailureReason.values()).hasSize(13);
  }

  @Test
  void anExplicitRetryOnReplacesTheDefaults() {
    RetryPolicy onlyPulls =
        new RetryPolicy(3, null, null, null, List.of(FailureReason.ImagePullFailed));

    assertThat(RetryRules.retries(onlyPulls, FailureReason.ImagePullFailed, 1)).isTrue();
    assertThat(RetryRules.retries(onlyPulls, FailureReason.Error, 1)).isFalse();
  }

  @Test
  void anEmptyRetryOnMeansTheDefaults() {
    RetryPolicy empty = new RetryPolicy(1, null, null, null, List.of());

    assertThat(RetryRules.retryOn(empty)).isEqualTo(RetryRules.DEFAULT_RETRY_ON);
  }

  @Test
  void theDefaultBackoffDoublesFromTenSecondsUpToFiveMinutes() {
    assertThat(backoffs(TWO_RETRIES, 7)).containsExactly(10L, 20L, 40L, 80L, 160L, 300L, 300L);
  }

  @Test
  void aPolicySetsBaseFactorAndCap() {
    RetryPolicy policy = new RetryPolicy(5, 5L, 3.0, 100L, null);

    assertThat(backoffs(policy, 5)).containsExactly(5L, 15L, 45L, 100L, 100L);
  }

  @Test
  void aFractionalFactorKeepsMilliseconds() {
    RetryPolicy policy = new RetryPolicy(5, 10L, 1.5, null, null);

    assertThat(RetryRules.backoff(policy, 2)).isEqualTo(Duration.ofSeconds(15));
    assertThat(RetryRules.backoff(policy, 3)).isEqualTo(Duration.ofMillis(22_500));
  }

  @Test
  void aFactorOfOneWaitsTheSameEachTime() {
    assertThat(backoffs(new RetryPolicy(5, 7L, 1.0, null, null), 4))
        .containsExactly(7L, 7L, 7L, 7L);
  }

  @Test
  void aCapBelowTheBaseWins() {
    assertThat(RetryRules.backoff(new RetryPolicy(1, 60L, null, 30L, null), 1))
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aZeroBackoffRetriesAtOnce() {
    assertThat(RetryRules.backoff(new RetryPolicy(1, 0L, null, null, null), 50)).isZero();
  }

  @Test
  void hugeAttemptCountsStayAtTheCap() {
    RetryPolicy steep = new RetryPolicy(100, 86_400L, 10.0, 86_400L, null);

    assertThat(RetryRules.backoff(TWO_RETRIES, Integer.MAX_VALUE))
        .isEqualTo(Duration.ofSeconds(300));
    assertThat(RetryRules.backoff(steep, Integer.MAX_VALUE)).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void attemptCountsBelowOneWaitTheBase() {
    assertThat(RetryRules.backoff(TWO_RETRIES, 0)).isEqualTo(Duration.ofSeconds(10));
    assertThat(RetryRules.backoff(TWO_RETRIES, Integer.MIN_VALUE))
        .isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void valuesAValidatorRejectsAreClampedNotTrusted() {
    RetryPolicy nonsense = new RetryPolicy(1, -10L, 0.5, -1L, null);
    RetryPolicy notANumber = new RetryPolicy(1, 10L, Double.NaN, null, null);

    assertThat(RetryRules.backoff(nonsense, 3)).isZero();
    assertThat(RetryRules.backoff(notANumber, 2)).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void theNodesPolicyWinsOverTheDefaults() {
    RetryPolicy own = new RetryPolicy(1, null, null, null, null);
    RetryPolicy inherited = new RetryPolicy(4, null, null, null, null);
    NodeDefaults defaults = new NodeDefaults(null, null, null, inherited, null, null);

    assertThat(RetryRules.effective(nodeWith(own), defaults)).isSameAs(own);
    assertThat(RetryRules.effective(nodeWith(null), defaults)).isSameAs(inherited);
    assertThat(RetryRules.effective(nodeWith(null), null)).isNull();
    assertThat(RetryRules.effective(nodeWith(null), NodeDefaults.EMPTY)).isNull();
    assertThat(RetryRules.effective(null, defaults)).isSameAs(inherited);
  }

  @Property
  void backoffNeverShrinksAndNeverPassesTheCap(
      @ForAll("policies") RetryPolicy policy,
      @ForAll @IntRange(min = -5, max = 100_000) int attempts) {
    Duration now = RetryRules.backoff(policy, attempts);
    Duration next = RetryRules.backoff(policy, attempts + 1);
    long cap = policy.maxBackoffSeconds() == null ? 300 : Math.max(0, policy.maxBackoffSeconds());

    assertThat(now).isGreaterThanOrEqualTo(Duration.ZERO).isLessThanOrEqualTo(next);
    assertThat(next).isLessThanOrEqualTo(Duration.ofSeconds(cap));
  }

  @Provide
  Arbitrary<RetryPolicy> policies() {
    Arbitrary<Long> seconds = Arbitraries.longs().between(-10, 86_400).injectNull(0.2);
    Arbitrary<Double> factor =
        Arbitraries.oneOf(
                Arbitraries.doubles().between(0, 10),
                Arbitraries.of(1.0, 10.0, Double.NaN, Double.POSITIVE_INFINITY))
            .injectNull(0.2);
    return Combinators.combine(seconds, factor, seconds)
        .as((backoff, f, max) -> new RetryPolicy(3, backoff, f, max, null));
  }

  private static List<Long> backoffs(RetryPolicy policy, int attempts) {
    return IntStream.rangeClosed(1, attempts)
        .mapToObj(n -> RetryRules.backoff(policy, n).toMillis() / 1000)
        .toList();
  }

  private static NodeSpec nodeWith(RetryPolicy retry) {
    return new NodeSpec(
        "a", null, null, null, "busybox", null, null, null, null, null, null, null, retry, null,
        null, null, null, null, null, null, null);
  }
}
