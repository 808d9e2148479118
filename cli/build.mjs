// Compiles the CLI to plain JavaScript in dist/cli (run by `npm ci` through the prepare script, and
// by the test run): starting Node on compiled code is several times faster than compiling
// TypeScript at every start. Dependencies stay external, and commands are split into chunks that
// load only when their command runs.
import { build } from "esbuild";

await build({
  entryPoints: ["cli/main.ts", "cli/node-support.ts"],
  outdir: "dist/cli",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  logLevel: "warning",
});
