/**
 * Time limits that keep a stuck test from hanging the suite (applied by test/run.sh and
 * test/helpers/default-timeouts.ts). A test or hook that needs longer names its own `timeout`.
 */
export const TEST_TIMEOUT_MS = 50_000;
/** A whole test file, including what it does outside its tests. */
export const FILE_TIMEOUT_MS = 600_000;

/** A test's AWS client gives up on an unanswered request well before the test's own limit. */
export const REQUEST_TIMEOUT_MS = 20_000;
