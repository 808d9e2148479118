import { z } from "zod";
import type { Plan } from "../report/schema.js";

/** One principal's own policies as IAM holds them now (read by the apply adapter). */
export const principalStateSchema = z.strictObject({
  type: z.enum(["user", "role", "group"]),
  name: z.string(),
  attached: z.array(z.string()),
  inline: z.array(z.strictObject({ name: z.string(), document: z.unknown() })),
  /** A group's user names. */
  members: z.array(z.string()).optional(),
  /** A user's group names. */
  groups: z.array(z.string()).optional(),
  /** A user's or role's permissions boundary ARN, null for none. */
  boundary: z.string().nullable().optional(),
});

/** One customer managed policy: every version, and who it is attached to (`role/name`). */
export const policyStateSchema = z.strictObject({
  arn: z.string(),
  defaultVersionId: z.string(),
  versions: z.array(z.strictObject({ versionId: z.string(), document: z.unknown() })),
  attachedTo: z.array(z.string()),
});

export const iamStateSchema = z.strictObject({
  principals: z.array(principalStateSchema),
  policies: z.array(policyStateSchema),
});

export type PrincipalState = z.infer<typeof principalStateSchema>;
export type PolicyState = z.infer<typeof policyStateSchema>;
export type IamState = z.infer<typeof iamStateSchema>;

/** JSON with object keys sorted: documents compare by meaning, not by key order. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

/** `role/name` for a principal ARN, whatever its path (ListEntitiesForPolicy names, not ARNs). */
export function entityKey(arn: string): string {
  const resource = arn.split(":").slice(5).join(":");
  const [type, ...rest] = resource.split("/");
  return `${type}/${rest[rest.length - 1]}`;
}

const sorted = (list: readonly string[]) => [...list].sort();

function sameList(what: string, expected: readonly string[], actual: readonly string[], out: string[]): void {
  const missing = expected.filter((x) => !actual.includes(x));
  const extra = actual.filter((x) => !expected.includes(x));
  if (missing.length > 0) out.push(`${what}: ${missing.join(", ")} no longer there`);
  if (extra.length > 0) out.push(`${what}: ${extra.join(", ")} added`);
}

function comparePrincipal(expected: PrincipalState, actual: PrincipalState | undefined, out: string[]): void {
  const who = `${expected.type} ${expected.name}`;
  if (!actual) {
    out.push(`${who} no longer exists`);
    return;
  }
  sameList(`${who} attached policies`, sorted(expected.attached), sorted(actual.attached), out);
  sameList(
    `${who} inline policies`,
    expected.inline.map((p) => p.name),
    actual.inline.map((p) => p.name),
    out,
  );
  for (const p of expected.inline) {
    const live = actual.inline.find((q) => q.name === p.name);
    if (live && canonical(live.document) !== canonical(p.document))
      out.push(`${who} inline policy ${p.name} has a different document`);
  }
  if (expected.members)
    sameList(`${who} members`, sorted(expected.members), sorted(actual.members ?? []), out);
  if (expected.groups) sameList(`${who} groups`, sorted(expected.groups), sorted(actual.groups ?? []), out);
  // The proofs counted the boundary: another one, or none, changes what the principal may do.
  if (expected.boundary !== undefined && (actual.boundary ?? null) !== expected.boundary)
    out.push(
      `${who} permissions boundary is ${actual.boundary ?? "none"}, was ${expected.boundary ?? "none"}`,
    );
}

function comparePolicy(
  expected: PolicyState,
  actual: PolicyState | undefined,
  out: string[],
  versions: boolean,
  attachments = true,
): void {
  if (!actual) {
    out.push(`policy ${expected.arn} no longer exists`);
    return;
  }
  const document = (s: PolicyState) => s.versions.find((v) => v.versionId === s.defaultVersionId)?.document;
  if (actual.defaultVersionId !== expected.defaultVersionId)
    out.push(
      `policy ${expected.arn}: default version is ${actual.defaultVersionId}, was ${expected.defaultVersionId}`,
    );
  else if (canonical(document(actual)) !== canonical(document(expected)))
    out.push(`policy ${expected.arn}: the default version's document differs`);
  if (attachments)
    sameList(
      `policy ${expected.arn} attachments`,
      sorted(expected.attachedTo),
      sorted(actual.attachedTo),
      out,
    );
  if (versions)
    sameList(
      `policy ${expected.arn} versions`,
      expected.versions.map((v) => v.versionId),
      actual.versions.map((v) => v.versionId),
      out,
    );
}

/**
 * What apply reads beyond the change's own scope: the policies the proofs counted that the change
 * leaves in place (`before.kept`), checked for drift but never written nor restored.
 */
export function keptScope(before: Plan["before"]): {
  principals: Pick<PrincipalState, "type" | "name">[];
  policies: string[];
} {
  return {
    principals: (before.kept?.principals ?? []).map((p) => ({ type: p.type, name: p.name })),
    policies: (before.kept?.policies ?? []).map((p) => p.arn),
  };
}

/** How IAM now differs from what the plan was computed on; empty when apply may proceed. */
export function driftFrom(before: Plan["before"], live: IamState): string[] {
  const out: string[] = [];
  for (const p of before.principals) {
    const expected: PrincipalState = { ...p, attached: p.attached, inline: p.inline };
    comparePrincipal(
      expected,
      live.principals.find((q) => q.type === p.type && q.name === p.name),
      out,
    );
  }
  for (const p of before.policies) {
    const expected: PolicyState = {
      arn: p.arn,
      defaultVersionId: p.defaultVersionId,
      versions: [{ versionId: p.defaultVersionId, document: p.document }],
      attachedTo: p.attachedTo.map(entityKey),
    };
    comparePolicy(
      expected,
      live.policies.find((q) => q.arn === p.arn),
      out,
      false,
    );
  }
  // What the change keeps: its documents and attachments as the proofs read them, not who else holds them.
  for (const p of before.kept?.principals ?? [])
    comparePrincipal(
      { ...p },
      live.principals.find((q) => q.type === p.type && q.name === p.name),
      out,
    );
  for (const p of before.kept?.policies ?? []) {
    const expected: PolicyState = {
      arn: p.arn,
      defaultVersionId: p.defaultVersionId,
      versions: [{ versionId: p.defaultVersionId, document: p.document }],
      attachedTo: [],
    };
    comparePolicy(
      expected,
      live.policies.find((q) => q.arn === p.arn),
      out,
      false,
      false,
    );
  }
  return out;
}

/** Every difference between two readings of the same scope (a rollback must leave none). */
export function stateDifferences(expected: IamState, actual: IamState): string[] {
  const out: string[] = [];
  for (const p of expected.principals)
    comparePrincipal(
      p,
      actual.principals.find((q) => q.type === p.type && q.name === p.name),
      out,
    );
  for (const p of expected.policies) {
    const live = actual.policies.find((q) => q.arn === p.arn);
    comparePolicy(p, live, out, true);
    for (const v of p.versions) {
      const now = live?.versions.find((w) => w.versionId === v.versionId);
      if (now && canonical(now.document) !== canonical(v.document))
        out.push(`policy ${p.arn} version ${v.versionId} has a different document`);
    }
  }
  return out;
}

/**
 * What a rollback restores of a reading of its scope: the principals' own attachments and inline
 * documents, the policies' versions, and which of the scope's principals hold each policy. Who
 * joined a group, took up a policy outside the scope, or a boundary, since the change is not the
 * change's to undo.
 */
export function restorable(
  state: IamState,
  scope: readonly Pick<PrincipalState, "type" | "name">[],
): IamState {
  const keys = new Set(scope.map((p) => `${p.type}/${p.name}`));
  return {
    principals: state.principals.map(({ members: _, groups: __, boundary: ___, ...p }) => p),
    policies: state.policies.map((p) => ({ ...p, attachedTo: p.attachedTo.filter((e) => keys.has(e)) })),
  };
}

/** IAM as the plan leaves it, from IAM as it was: what apply verifies after its calls. */
export function expectedAfter(
  plan: Plan,
  before: IamState,
  created: { policies: readonly string[]; version?: string },
): IamState {
  if (plan.target.type === "policy") {
    const version = { versionId: created.version ?? "", document: plan.create[0]?.document };
    return {
      principals: [],
      policies: before.policies.map((p) =>
        p.arn === plan.target.arn
          ? { ...p, defaultVersionId: version.versionId, versions: [...p.versions, version] }
          : p,
      ),
    };
  }
  return {
    principals: before.principals.map((p) =>
      p.name === plan.target.name && p.type === plan.target.type
        ? {
            ...p,
            attached: [...p.attached.filter((a) => !plan.detach.includes(a)), ...created.policies],
            inline: p.inline.filter((i) => !plan.deleteInline.includes(i.name)),
          }
        : p,
    ),
    policies: before.policies.map((p) => ({
      ...p,
      attachedTo: plan.detach.includes(p.arn)
        ? p.attachedTo.filter((e) => e !== `${plan.target.type}/${plan.target.name}`)
        : p.attachedTo,
    })),
  };
}
