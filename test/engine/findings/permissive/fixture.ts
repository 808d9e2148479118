import type { Finding, FindingKind } from "../../../../core/engine/findings/types.js";
import type { ManagedPolicy } from "../../../../core/engine/snapshot/model.js";
import { permissiveFindings } from "../../../helpers/findings.js";
import { ACCOUNT } from "../../../helpers/snapshot-fixture.js";

/** A customer managed policy of the test account, keyed as the snapshot keys it. */
export function managed(name: string, document: unknown): Record<string, ManagedPolicy> {
  const arn = `arn:aws:iam::${ACCOUNT}:policy/${name}`;
  return { [arn]: { arn, name, isAwsManaged: false, defaultVersionId: "v1", document } };
}

export const policyArn = (name: string) => `arn:aws:iam::${ACCOUNT}:policy/${name}`;

export const trustDoc = (principal: unknown, condition?: object) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: principal,
      Action: "sts:AssumeRole",
      ...(condition ? { Condition: condition } : {}),
    },
  ],
});

/** Runs every permission and trust detector; a detector problem fails the test. */
export const run = permissiveFindings;

export function findingsOf(findings: Finding[], kind: FindingKind, principalArn?: string): Finding[] {
  return findings.filter((f) => f.kind === kind && (!principalArn || f.principalArn === principalArn));
}

/** The ids of the escalation paths a finding names. */
export function pathIds(finding: Finding | undefined): string[] {
  const paths = (finding?.evidence.paths ?? []) as { id: string }[];
  return paths.map((p) => p.id);
}
