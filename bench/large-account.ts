import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { largeAccountGaad } from "../test/helpers/large-account.js";

const here = resolve(fileURLToPath(import.meta.url), "..");

/**
 * Goal: a 5,000-role / 20,000-policy account (real AWS managed policy statements), full offline
 * audit with report files, < 8 s and < 1 GB peak RSS; report.html < 20 MB. The figure is printed
 * beside its floor in the same run: reading + JSON.parse of the GAAD, and writing the report's bytes.
 */
export async function run(): Promise<void> {
  const roles = Number(process.env.WHITTLE_BENCH_ROLES ?? 5000);
  const dir = mkdtempSync(join(tmpdir(), "whittle-large-"));
  try {
    const gaad = join(dir, "gaad.json");
    const text = JSON.stringify(largeAccountGaad({ roles }));
    writeFileSync(gaad, text);
    const line = execFileSync(
      process.execPath,
      ["--import", "tsx", join(here, "large-account-run.ts"), gaad, join(dir, "out")],
      { encoding: "utf8", maxBuffer: 1 << 20 },
    );
    const r = JSON.parse(line.trim().split("\n").pop()!) as Record<string, number>;
    const label = `${roles.toLocaleString("en")} roles, ${(roles * 4).toLocaleString("en")} policies, GAAD ${(text.length / 1e6).toFixed(0)} MB: offline audit + report files`;
    console.log(
      `${label.padEnd(58)} ${r.ms!.toFixed(0).padStart(7)} ms   peak RSS ${r.peakMb!.toFixed(0).padStart(5)} MB`,
    );
    console.log(
      `  floor (read + JSON.parse GAAD, write ${r.reportMb!.toFixed(0)} MB of reports) ${r.floorMs!.toFixed(0)} ms: ` +
        `${(r.ms! / r.floorMs!).toFixed(1)}× the floor; CPU ${r.cpuMs!.toFixed(0)} ms`,
    );
    console.log(
      `  ${r.principals} principals, ${r.findings} findings, report.html ${r.htmlMb!.toFixed(1)} MB (goals < 8 s, < 1 GB, html < 20 MB)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
