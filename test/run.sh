#!/usr/bin/env bash
# The whole test suite: type check, lint, then every test file under test/ with node's test runner,
# on the machine's Node, then the tests of what is deployed (functions, stacks, the CLI and the live
# end-to-end audit; all but the fault-injection file) again on Node 24, the Lambda runtime the
# stacks deploy (the official binary, installed from the npm registry into a temporary folder): the
# whole suite twice would not fit the CI's 15-minute budget on a 2-core machine. The last line is
# `N passed, N failed` over both runs.
# Installs what the tests need and the machine may lack: Debian's Chromium for the report's
# browser test (moto_server comes with Python; its absence is an error with the install hint).
# `--unit` runs only the pure engine's tests (test/engine), on the machine's Node, nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."
unit=false
if [ "${1:-}" = --unit ]; then unit=true; fi
if $unit; then
  :
elif ! command -v moto_server >/dev/null 2>&1; then
  echo "moto_server is required by the AWS adapter tests: pip install 'moto[server]'" >&2
  exit 1
fi
if ! $unit && [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium for the HTML report's browser test..." >&2
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
export POWERTOOLS_LOG_LEVEL="${POWERTOOLS_LOG_LEVEL:-SILENT}"  # Lambda handler tests: keep the structured logs out of the test report
if ! $unit; then
  npx tsc --noEmit
  npx biome check .
  npm run build --silent  # the CLI tests run the compiled CLI, as users do
  # The packed catalog the build has just written, of the data installed now: the test files that
  # need a catalog read it rather than each reading and packing the published data
  # (test/helpers/catalog.ts).
  export WHITTLE_TEST_PACKED_CATALOG="$PWD/dist/cli/packed-catalog.json"
fi

if $unit; then tests=test/engine; else tests=test; fi
mapfile -t files < <(find "$tests" -name '*.test.ts' | sort)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
status=0
export WHITTLE_TEST_JOINED="$work/joined"

# Runs test files on the `node` first on PATH. Each test and hook fails on its own after 50 s
# (4 minutes in the folders that drive moto, the CLI or Chromium), naming itself, and a file after
# 20 minutes: test/helpers/timeouts.ts, applied by test/helpers/default-timeouts.ts since Node 20
# and 22 apply --test-timeout to whole files; a file that a timed-out test leaves running (a socket
# or timer behind) ends at that limit too. Not --test-force-exit: with several files at once, it
# drops the last results a file sends before they are read (nodejs/node#64833), and the counts
# below would be lower bounds that vary from run to run. Three files at a time on the CI's two
# cores: the live CLI and end-to-end files spend much of their time waiting on the SDK's backoff
# (moto answers GenerateServiceLastAccessedDetails with HTTP 500), which a third file fills.
runner() {
  node --import tsx --import ./test/helpers/default-timeouts.ts --test --test-concurrency=3 \
    --test-timeout=1200000 --test-reporter=spec "$@"
}

# Adds the counts of a runner's report ($1), which exited with $2, to the current Node's.
count() {
  local pass fail cancelled
  pass=$(sed -n 's/^ℹ pass \([0-9]*\)$/\1/p' "$1" | tail -1)
  fail=$(sed -n 's/^ℹ fail \([0-9]*\)$/\1/p' "$1" | tail -1)
  cancelled=$(sed -n 's/^ℹ cancelled \([0-9]*\)$/\1/p' "$1" | tail -1)
  fail=$((${fail:-0} + ${cancelled:-0}))
  # A runner that died before its summary is one failure, not a silent zero.
  if [ "$2" != 0 ] && [ "$fail" = 0 ]; then fail=1; fi
  node_passed=$((node_passed + ${pass:-0}))
  node_failed=$((node_failed + fail))
  if [ "$2" != 0 ]; then status=1; fi
}

# The files that take longest, 16 to 35 s of CPU each alone (moto's per-request cost and the CLI's child
# processes, most of it): the runner starts files in the order given, so these start first rather
# than late in the sorted list, where one would run on alone after the others.
LONGEST=(
  test/aws/plan-apply.test.ts
  test/engine/report/conforms.test.ts
  test/cli/org-audit.test.ts
  test/functions/api.test.ts
  test/e2e/live-audit.test.ts
  test/functions/api-run-records.test.ts
  test/functions/trail-partitions.test.ts
  test/functions/scheduled-audit.test.ts
  test/cli/commands.test.ts
  test/functions/organization-trail-owner.test.ts
  test/functions/last-accessed-states.test.ts
)

# Prints the given files, the `LONGEST` of them first.
longest_first() {
  local file
  for file in "${LONGEST[@]}"; do printf '%s\n' "$@" | grep -xF -- "$file" || true; done
  printf '%s\n' "$@" | grep -vxF -f <(printf '%s\n' "${LONGEST[@]}") || true
}

# Whether $1 is one of the other arguments. Not `printf | grep -q`: grep ends at its first match,
# and the SIGPIPE that may then end printf makes the pipeline (pipefail) say no.
listed() {
  local file=$1 each
  shift
  for each in "$@"; do
    if [ "$each" = "$file" ]; then return 0; fi
  done
  return 1
}

# Prints the given files with the pure engine's (test/engine, but the `LONGEST`) joined into four
# files that import them, each run in one process: loading tsx and the engine's modules costs a file
# about a second of CPU, minutes over some 370 files that share nothing a process keeps (the two
# that set the time zone restore it; their only root hooks are `before`/`after` of their own data).
# The other folders' files but the `LONGEST` are joined too, a folder's by `JOINED_FILES` (a few,
# so that no process runs on long after the others: each runs its files one after another) in
# files of a copy of its path under `$WHITTLE_TEST_JOINED` (so that they keep the folder's limits),
# each file in a suite of its own (test/helpers/one-process.ts): their root hooks start and stop
# servers, moto_server and Chromium for their own tests; what they change of the process (the
# environment, the time zone, fs methods) they restore after the test that changed it, and their
# servers listen on ports the system picks. The joined files come first after the `LONGEST`, so
# that none of them starts last. `ALONE` are not joined: they count what the whole process holds.
JOINED_FILES=5
ALONE=(
  test/node/ingest-pool.test.ts
)

join_files() {
  local file joined=() rest=() alone=()
  for file in "$@"; do
    if listed "$file" "${LONGEST[@]}" "${ALONE[@]}"; then
      alone+=("$file")
    elif [[ "$file" == test/engine/* ]]; then
      joined+=("$file")
    else
      rest+=("$file")
    fi
  done
  rm -rf "${WHITTLE_TEST_JOINED:?}"
  node -e '
    const { mkdirSync, writeFileSync } = require("node:fs");
    const { resolve } = require("node:path");
    const { pathToFileURL } = require("node:url");
    const [work, joined, perFile, ...args] = process.argv.slice(1);
    const at = args.indexOf("--");
    const engine = args.slice(0, at);
    const rest = args.slice(at + 1);
    const url = (f) => pathToFileURL(resolve(f)).href;
    const parts = [[], [], [], []];
    engine.forEach((f, i) => parts[i % parts.length].push(`import ${JSON.stringify(url(f))};\n`));
    parts.forEach((lines, i) => {
      if (lines.length === 0) return;
      writeFileSync(`${work}/engine-${i}.test.mjs`, lines.join(""));
      console.log(`${work}/engine-${i}.test.mjs`);
    });
    const folders = new Map();
    for (const f of rest) {
      const folder = f.split("/").slice(0, 2).join("/");
      folders.set(folder, [...(folders.get(folder) ?? []), f]);
    }
    const helper = JSON.stringify(url("test/helpers/one-process.ts"));
    for (const [folder, files] of folders) {
      if (files.length === 1) {
        console.log(files[0]);
        continue;
      }
      const split = Array.from({ length: Math.ceil(files.length / Number(perFile)) }, () => []);
      files.forEach((f, i) => split[i % split.length].push(url(f)));
      mkdirSync(`${joined}/${folder}`, { recursive: true });
      split.forEach((urls, i) => {
        const name = `${joined}/${folder}/joined-${i}.test.mjs`;
        writeFileSync(name, `import { runInOneProcess } from ${helper};\nawait runInOneProcess(${JSON.stringify(urls)});\n`);
        console.log(name);
      });
    }
  ' "$work" "$WHITTLE_TEST_JOINED" "$JOINED_FILES" "${joined[@]}" -- "${rest[@]}"
  if [ ${#alone[@]} -gt 0 ]; then printf '%s\n' "${alone[@]}"; fi
}

# Runs `files`, three at a time (above), and `beside` in a runner of its own started with them: files that
# spend most of their time waiting (on the SDK's backoff, a client's timeout), not computing, so
# that they leave the two runners' cores busy with the other files. The report of `beside` follows
# the others'.
run_suite() {
  local code=0 beside_code=0 beside_pid=""
  node_passed=0
  node_failed=0
  echo "=== tests on Node $(node --version) ($(command -v node))"
  # What a file leaves for the files after it on this Node: the synthesized stack's state machines
  # (test/helpers/orchestration.ts).
  export WHITTLE_TEST_CACHE="$work/node-$(node --version)"
  mkdir -p "$WHITTLE_TEST_CACHE"
  mapfile -t files < <(join_files "${files[@]}")
  mapfile -t files < <(longest_first "${files[@]}")
  if [ ${#beside[@]} -gt 0 ]; then
    runner "${beside[@]}" >"$work/beside.log" 2>&1 &
    beside_pid=$!
  fi
  runner "${files[@]}" 2>&1 | tee "$work/run.log" || code=$?
  count "$work/run.log" "$code"
  if [ -n "$beside_pid" ]; then
    wait "$beside_pid" || beside_code=$?
    echo "=== on Node $(node --version), beside the others: ${beside[*]}"
    cat "$work/beside.log"
    count "$work/beside.log" "$beside_code"
  fi
  summary+="Node $(node --version): $node_passed passed, $node_failed failed"$'\n'
  passed=$((passed + node_passed))
  failed=$((failed + node_failed))
}

summary=""
# The fault-injection file (throttling storms, a stalled response, a killed emulator: about 150 s,
# most of it the SDK's backoff and a client's timeout) exercises the SDK's retries and timeouts.
beside=()
if ! $unit; then
  beside=(test/functions/faults.test.ts)
  mapfile -t files < <(printf '%s\n' "${files[@]}" | grep -vxF "${beside[0]}")
fi
run_suite
if ! $unit && [ "$(node -p 'process.versions.node.split(".")[0]')" != 24 ]; then
  platform="$(node -p 'process.platform === "win32" ? "win" : process.platform')-$(node -p 'process.arch')"
  echo "=== installing node-$platform@24 from the npm registry"
  npm install --no-save --ignore-scripts --no-audit --no-fund --prefix "$work/node24" "node-$platform@24" >&2
  # The fault-injection file runs once, on the first Node, to keep the whole run within the CI's
  # budget.
  beside=()
  mapfile -t files < <(find test/functions test/stacks test/cli test/e2e -name '*.test.ts' ! -name faults.test.ts | sort)
  PATH="$work/node24/node_modules/node-$platform/bin:$PATH" run_suite
fi
printf '%s' "$summary"
echo "$passed passed, $failed failed"
exit "$status"
