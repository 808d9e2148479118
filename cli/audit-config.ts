import { type AuditConfig, auditConfig } from "../core/engine/audit/config.js";
import { readConfigFile } from "../core/node/config-file.js";
import type { RunOptions } from "./audit-options.js";

/** The audit configuration: --config's file (defaults otherwise), with --compress applied. */
export async function loadConfig(options: RunOptions): Promise<AuditConfig> {
  const config = options.config ? await readConfigFile(options.config) : auditConfig();
  return options.compress ? { ...config, generate: { ...config.generate, compress: true } } : config;
}
