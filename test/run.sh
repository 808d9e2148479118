#!/usr/bin/env bash
# The whole test suite: type check, lint, then every test file under test/ with node's test runner.
# Installs what the tests need and the machine may lack: Debian's Chromium for the report's
# browser test (moto_server comes with Python; its absence is an error with the install hint).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v moto_server >/dev/null 2>&1; then
  echo "moto_server is required by the AWS adapter tests: pip install 'moto[server]'" >&2
  exit 1
fi
if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium for the HTML report's browser test..." >&2
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
export POWERTOOLS_LOG_LEVEL="${POWERTOOLS_LOG_LEVEL:-SILENT}"  # Lambda handler tests: keep the structured logs out of the test report
npx tsc --noEmit
npx biome check .
mapfile -t files < <(find test -name '*.test.ts' | sort)
node --import tsx --test --test-concurrency=2 "${files[@]}"
