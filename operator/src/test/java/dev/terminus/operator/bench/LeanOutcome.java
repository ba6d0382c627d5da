package dev.terminus.operator.bench;

/** What the {@link LeanJobController} does with a Job. */
enum LeanOutcome {
  /** One status write: Complete. */
  SUCCEED,
  /** One status write: Failed (BackoffLimitExceeded). */
  FAIL,
  /** One status write: active, and then nothing: the Job runs until deleted. */
  RUN_FOREVER
}
