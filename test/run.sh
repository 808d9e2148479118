#!/usr/bin/env bash
# The whole test suite: type check, lint, then every test file under test/ with node's test runner.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v moto_server >/dev/null 2>&1; then
  echo "moto_server is required by the AWS adapter tests: pip install 'moto[server]'" >&2
  exit 1
fi
npx tsc --noEmit
npx biome check .
mapfile -t files < <(find test -name '*.test.ts' | sort)
node --import tsx --test --test-concurrency=2 "${files[@]}"
