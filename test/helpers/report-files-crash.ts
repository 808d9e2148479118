/**
 * Run as a process of its own: writes the report in the JSON file argv[3] into the folder argv[2]
 * with writeReportFiles, and is killed (SIGKILL, as by the kernel or a power cut) at the first
 * removal of a file under policies/, once the new report is in place. What the folder holds then
 * is what a crash between the two steps leaves.
 */
import { promises, readFileSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { sep } from "node:path";
import type { Report } from "../../core/engine/report/schema.js";

const [dir, reportFile] = process.argv.slice(2);
const underPolicies = (path: unknown) => String(path).includes(`${sep}policies${sep}`);
const crash = () => process.kill(process.pid, "SIGKILL");
const { rm, unlink } = promises;
promises.rm = (path, options) => (underPolicies(path) ? crash() : rm(path, options)) as Promise<void>;
promises.unlink = (path) => (underPolicies(path) ? crash() : unlink(path)) as Promise<void>;
syncBuiltinESMExports();

const { writeReportFiles } = await import("../../core/node/report-files.js");
await writeReportFiles(dir!, JSON.parse(readFileSync(reportFile!, "utf8")) as Report);
