#!/usr/bin/env node
// The CLI is TypeScript run through tsx's loader, so the same sources serve the CLI and the tests.
import { register } from "tsx/esm/api";

// The pinned AWS SDK supports Node 20; its notice about future releases needing Node 22 is not
// something a person running an audit can act on, and it would interleave with the report.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) => {
  const name = typeof warning === "string" ? (rest[0]?.type ?? rest[0]) : warning?.name;
  if (name === "NodeVersionSupportWarning" || String(warning).includes("NodeVersionSupportWarning")) return;
  emitWarning(warning, ...rest);
};

register();
await import("../cli/main.ts");
