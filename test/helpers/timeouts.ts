/**
 * Time limits that keep a stuck test from hanging the suite (applied by
 * test/helpers/default-timeouts.ts). A test or hook that needs another limit names its own `timeout`.
 */
export const TEST_TIMEOUT_MS = 50_000;
/**
 * Test files under these folders drive moto_server, the CLI, Chromium or whole audits: on a loaded
 * 2-core machine one of their tests can legitimately take minutes, so theirs fail after 4 minutes.
 */
export const SLOW_TEST_DIRS = [
  "test/aws/",
  "test/cli/",
  "test/demo/",
  "test/e2e/",
  "test/functions/",
  "test/report/",
];
export const SLOW_TEST_TIMEOUT_MS = 240_000;
/** A whole test file, including what it does outside its tests. */
export const FILE_TIMEOUT_MS = 1_200_000;

/** A test's AWS client gives up on an unanswered request well before the test's own limit. */
export const REQUEST_TIMEOUT_MS = 20_000;
