#!/usr/bin/env node
// The CLI is TypeScript run through tsx's loader, so the same sources serve the CLI and the tests.
import { register } from "tsx/esm/api";

register();
await import("../cli/main.ts");
