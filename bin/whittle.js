#!/usr/bin/env node
// Runs the compiled CLI (dist/cli, built by `npm ci` and by the test run). Without it — a checkout
// whose install skipped the build — the TypeScript sources run through tsx's loader instead.
import { existsSync } from "node:fs";
import { followCommand, restartEnvironment, runRestarted } from "./malloc-threshold.js";

// The AWS SDK's own multi-line notice about Node versions would interleave with the report; the
// CLI says it in one line instead (cli/node-support.ts), only when this Node has reached its end of life.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

// A reader that stops early (`whittle audit --help | head`, `2>&1 | head`) closes the pipe. What is
// left to print has nowhere to go, which is not the command's failure: the rest is dropped and the
// command still writes its reports and ends with its own exit code (a `--fail-on` 3, say), not
// with an unhandled EPIPE. Any other write error (a full disk) still ends the command.
for (const stream of [process.stdout, process.stderr])
  stream.on("error", (error) => {
    if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
  });

const restart = restartEnvironment(process.argv.slice(2), process.env, process.platform, process.execArgv);
if (restart) await runRestarted(restart);
followCommand();

const compiled = new URL("../dist/cli/", import.meta.url);
const fromSources = process.env.WHITTLE_FROM_SOURCES === "1" || !existsSync(new URL("main.js", compiled));
if (fromSources) (await import("tsx/esm/api")).register();
const load = (name) =>
  import(fromSources ? new URL(`../cli/${name}.ts`, import.meta.url) : new URL(`${name}.js`, compiled));

const { nodeSupportNotice } = await load("node-support");
const notice = nodeSupportNotice(process.version, new Date());
if (notice) process.stderr.write(`${notice}\n`);
await load("main");
