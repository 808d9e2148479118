import type { LintCode } from "../../../../core/engine/policy/lint/index.js";

export type Kind = "identity" | "resource" | "trust" | "scp";

/** A document that must get `code` under `kind`, and where useful a near twin that must not. */
export interface LintCase {
  kind: Kind;
  bad: unknown;
  clean?: unknown;
  maxSize?: number;
}

export type Cases = Partial<Record<LintCode, LintCase>>;

export const doc = (...Statement: object[]) => ({ Version: "2012-10-17", Statement });

/** An identity policy of one statement: Allow, the given actions on the given resources, plus extra elements. */
export const allow = (Action: unknown, Resource: unknown, extra: object = {}) =>
  doc({ Effect: "Allow", Action, Resource, ...extra });

/** An identity statement with one condition, on s3:ListBucket of one bucket. */
export const when = (Condition: object, Action: unknown = "s3:ListBucket") =>
  allow(Action, "arn:aws:s3:::b", { Condition });

/** A resource policy statement (a bucket policy). */
export const bucket = (Principal: unknown, extra: object = {}) =>
  doc({ Effect: "Allow", Principal, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", ...extra });

/** A role trust policy of one statement. */
export const trust = (Principal: unknown, Action: unknown = "sts:AssumeRole", extra: object = {}) =>
  doc({ Effect: "Allow", Principal, Action, ...extra });

export const identity = (bad: unknown, clean?: unknown): LintCase => ({
  kind: "identity",
  bad,
  ...(clean ? { clean } : {}),
});
