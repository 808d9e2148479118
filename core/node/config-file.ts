import { ZodError } from "zod";
import { type AuditConfig, auditConfig } from "../engine/audit/config.js";
import { readTextFile } from "./text-file.js";

/** A config file that cannot be read or does not validate; the message names the file and the key. */
export class ConfigFileError extends Error {
  override readonly name = "ConfigFileError";
}

/** Reads `--config FILE` (YAML or JSON; JSON is YAML) and validates it against the audit config schema. */
export async function readConfigFile(path: string): Promise<AuditConfig> {
  let text: string;
  try {
    text = await readTextFile(path);
  } catch (cause) {
    throw new ConfigFileError(
      `${path}: cannot read the file (${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message})`,
      { cause },
    );
  }
  // Loaded only for a config file: its 70-odd modules would slow every start.
  const { parse: parseYaml } = await import("yaml");
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (cause) {
    // The parser's message goes on, after a colon, with the offending lines: one line keeps only its summary.
    const summary = (cause as Error).message.split("\n")[0]!.replace(/:\s*$/, "");
    throw new ConfigFileError(`${path}: not valid YAML or JSON: ${summary}`, { cause });
  }
  try {
    return auditConfig(value ?? {});
  } catch (cause) {
    if (!(cause instanceof ZodError)) throw cause;
    const issue = cause.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.join(".") : "(top level)";
    throw new ConfigFileError(`${path}: ${where}: ${issue.message}`, { cause });
  }
}
