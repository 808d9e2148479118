#!/usr/bin/env node
// The CLI is TypeScript run through tsx's loader, so the same sources serve the CLI and the tests.
import { register } from "tsx/esm/api";

// The AWS SDK's own multi-line notice about Node versions would interleave with the report; the
// CLI says it in one line instead (cli/node-support.ts), only when this Node has reached its end of life.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

register();
const { nodeSupportNotice } = await import("../cli/node-support.ts");
const notice = nodeSupportNotice(process.version, new Date());
if (notice) process.stderr.write(`${notice}\n`);
await import("../cli/main.ts");
