import type { Command } from "commander";

type Register = (program: Command) => void;

/**
 * Each command lives in cli/commands/<name>.ts and is loaded only when it runs: printing help or
 * validating a file must not pay for the AWS SDK and the audit pipeline. The descriptions live here,
 * where the top-level help reads them without loading a command.
 */
export const COMMANDS = {
  audit: {
    description: "audit an account's IAM state and activity; write findings and least-privilege policies",
    load: async () => (await import("./audit.js")).registerAudit,
  },
  validate: {
    description: "lint IAM policy documents: grammar, unknown actions, risky patterns, size",
    load: async () => (await import("./validate.js")).registerValidate,
  },
  snapshot: {
    description: "save an account's IAM state (principals, policies, credentials) to one JSON file",
    load: async () => (await import("./snapshot.js")).registerSnapshot,
  },
  demo: {
    description: "audit the bundled demo account (no AWS account needed) and write its reports",
    load: async () => (await import("./demo.js")).registerDemo,
  },
  apply: {
    description: "apply a change plan from report.json (dry run without --yes)",
    load: async () => (await import("./apply.js")).registerApply,
  },
  rollback: {
    description: "undo a change made by whittle apply, from its backup",
    load: async () => (await import("./rollback.js")).registerRollback,
  },
} satisfies Record<string, { description: string; load: () => Promise<Register> }>;
