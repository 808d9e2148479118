// Compiles the CLI to plain JavaScript in dist/cli (run by `npm ci` through the prepare script, and
// by the test run): starting Node on compiled code is several times faster than compiling
// TypeScript at every start. Dependencies stay external, and commands are split into chunks that
// load only when their command runs. The worker threads (activity ingest, recommendations) are
// entries of their own, beside the chunks that start them. The action catalog is packed beside
// them (core/node/load-catalog.ts): reading it is several times faster, and lighter, than reading
// the published data.
import { rmSync } from "node:fs";
import { build } from "esbuild";
import { register } from "tsx/esm/api";

// Chunk names carry content hashes: without a clean start, old chunks would pile up beside new ones.
rmSync("dist/cli", { recursive: true, force: true });

await build({
  entryPoints: {
    main: "cli/main.ts",
    "node-support": "cli/node-support.ts",
    "ingest-worker": "core/node/ingest-worker.ts",
    "recommend-worker": "core/node/recommend-worker.ts",
    // What `npm run bench -- generate` measures: the audit's threaded recommender, as built.
    "recommend-pool": "core/node/recommend-pool.ts",
  },
  outdir: "dist/cli",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  logLevel: "warning",
});

register();
const { writePackedCatalog } = await import("../core/node/load-catalog.ts");
writePackedCatalog("dist/cli");
