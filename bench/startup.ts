import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { COMMANDS } from "../cli/commands/index.js";

const root = resolve(fileURLToPath(import.meta.url), "..", "..");
const RUNS = Number(process.env.WHITTLE_BENCH_RUNS ?? 9);

/**
 * Goals: `whittle --help` < 250 ms and `whittle validate FILE` < 500 ms, as `npm ci` leaves the CLI
 * (compiled). Each figure is the median of RUNS child processes, beside the floor of the same run:
 * starting Node on nothing (`node -e ""`). Runs interleave, so a busy machine slows all alike.
 * CPU time (user + system, every thread) is printed too where Linux reports it: it varies less than
 * wall time with the machine's load. Then the catalog's load time, retained heap and peak RSS growth, read from the packed file (the
 * CLI) and from the published data (the sources).
 */
export async function run(): Promise<void> {
  execFileSync(process.execPath, ["cli/build.mjs"], { cwd: root, stdio: "inherit" });
  const dir = mkdtempSync(join(tmpdir(), "whittle-startup-"));
  try {
    const policy = join(dir, "policy.json");
    writeFileSync(policy, JSON.stringify(POLICY));
    const whittle = ["bin/whittle.js"];
    const cases: [string, string[]][] = [
      ['node -e ""  (the floor)', ["-e", ""]],
      ["whittle --help", [...whittle, "--help"]],
      ["whittle validate policy.json", [...whittle, "validate", policy]],
      ...Object.keys(COMMANDS).map((name): [string, string[]] => [
        `whittle ${name} --help`,
        [...whittle, name, "--help"],
      ]),
    ];
    console.log(`Node ${process.version}, load average ${loadAverage()}; ${RUNS} runs each`);
    const runs = cases.map((): Timing[] => []);
    for (let i = 0; i < RUNS; i++) for (const [c, [, args]] of cases.entries()) runs[c]!.push(timeRun(args));
    const wall = runs.map((r) => median(r.map((t) => t.wallMs)));
    const cpu = runs.map((r) => (r[0]!.cpuMs === undefined ? undefined : median(r.map((t) => t.cpuMs!))));
    cases.forEach(([label], c) => {
      const goal = GOALS[label] ? `   (goal < ${GOALS[label]} ms)` : "";
      const above =
        c === 0 ? "" : `   floor ${wall[0]!.toFixed(0)} ms, +${(wall[c]! - wall[0]!).toFixed(0)} ms`;
      const cpuText = cpu[c] === undefined ? "" : `   CPU ${cpu[c]!.toFixed(0)} ms`;
      console.log(`${label.padEnd(34)} ${wall[c]!.toFixed(0).padStart(5)} ms${above}${cpuText}${goal}`);
    });
    for (const source of ["packed", "published"]) catalogLoad(source);
    console.log(`load average ${loadAverage()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const GOALS: Record<string, number> = { "whittle --help": 250, "whittle validate policy.json": 500 };

// A policy as teams write them: a few statements, a condition, a wildcard to warn about.
const POLICY = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::reports/*" },
    {
      Effect: "Allow",
      Action: "dynamodb:*",
      Resource: "arn:aws:dynamodb:eu-west-1:123456789012:table/orders",
      Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } },
    },
    { Effect: "Allow", Action: ["iam:PassRole", "ec2:Describe*"], Resource: "*" },
  ],
};

interface Timing {
  wallMs: number;
  cpuMs: number | undefined;
}

function timeRun(args: string[]): Timing {
  const cpuBefore = childrenCpuMs();
  const start = performance.now();
  const run = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
  const wallMs = performance.now() - start;
  const cpuAfter = childrenCpuMs();
  if (run.status !== 0) throw new Error(`${args.join(" ")}: ${run.stderr}`);
  return { wallMs, cpuMs: cpuAfter === undefined ? undefined : cpuAfter - cpuBefore! };
}

/** CPU time of this process's finished children (Linux: cutime + cstime, in 10 ms ticks), else undefined. */
function childrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

function catalogLoad(source: string): void {
  const runs = [1, 2, 3].map(() => {
    const out = execFileSync(
      process.execPath,
      ["--expose-gc", "--import", "tsx", join(root, "bench", "catalog-load.ts"), source],
      { cwd: root, encoding: "utf8" },
    );
    return JSON.parse(out) as { ms: number; retainedMb: number; peakGrowthMb: number; actions: number };
  });
  const ms = median(runs.map((r) => r.ms));
  const retained = median(runs.map((r) => r.retainedMb));
  const peak = median(runs.map((r) => r.peakGrowthMb));
  console.log(
    `${`catalog load, ${source}`.padEnd(34)} ${ms.toFixed(0).padStart(5)} ms   retained heap ${retained.toFixed(1)} MB, peak RSS +${peak.toFixed(0)} MB (${runs[0]!.actions} actions)`,
  );
}

function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
