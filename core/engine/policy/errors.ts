import type { PolicyProblem } from "./types.js";

/** A policy document that cannot be used: not JSON, or with grammar errors IAM would reject. */
export class PolicyParseError extends Error {
  override readonly name = "PolicyParseError";
  readonly source: string;
  readonly problems: PolicyProblem[];

  constructor(source: string, problems: PolicyProblem[], options?: { cause?: unknown }) {
    const first = problems[0];
    const where = first?.path ? ` at ${first.path}` : "";
    super(`${source}: ${first?.message ?? "invalid policy"}${where}`, options);
    this.source = source;
    this.problems = problems;
  }
}
