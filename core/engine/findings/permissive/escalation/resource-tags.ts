import type { PrincipalAccess } from "../../../account/permissions.js";
import { parseArn } from "../../../policy/arn.js";
import { makeContext, type RequestContext, type Tri } from "../../../policy/context.js";
import type { PermissiveContext } from "../context.js";

/**
 * The action that sets the tags of each IAM resource type an escalation step acts on: whoever may
 * call it on the resource chooses what aws:ResourceTag (and iam:ResourceTag) read there.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_iam-tags.html#access_iam-tags_control-resources
 */
export const TAGGING_ACTIONS: Readonly<Record<string, string>> = {
  role: "iam:TagRole",
  user: "iam:TagUser",
};

const RESOURCE_TAG = /^(?:aws|iam):resourcetag\/(.+)$/i;
/** A value of the caller's choosing that no condition names. */
const PROBE = "whittle-probe";
/** Tag assignments tried per resource: a bound, as for the other probes (real conditions test a key or two). */
const MAX_ASSIGNMENTS = 64;

/** Whether some statement naming the action tests the resource's tags. */
export function testsResourceTags(subject: PrincipalAccess, actionId: number): boolean {
  return testedTags(subject, actionId).size > 0;
}

/**
 * Whether retagging may change a decision on the action: some statement naming it tests the
 * resource's tags, and the caller may tag some user or role.
 */
export function mayRetag(ctx: PermissiveContext, subject: PrincipalAccess, actionId: number): boolean {
  const possible = subject.permissions.effective().possible;
  return (
    Object.values(TAGGING_ACTIONS).some((tagging) => {
      const id = ctx.catalog.action(tagging)?.id;
      return id !== undefined && possible.has(id);
    }) && testsResourceTags(subject, actionId)
  );
}

/**
 * Whether `action` on `resource`, a user or role of the account, is allowed with the tags the
 * snapshot says it has, which aws:ResourceTag and iam:ResourceTag read: "yes" allowed, "no"
 * refused, "maybe" still undecided. The snapshot lists every tag of a user or role, so a key it
 * lacks is absent (met by StringNotEquals, IfExists and Null "true"), unless its input had no tag
 * list at all: then every tag stays undecided.
 */
export function taggedAllows(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  action: string,
  resource: string,
  context: RequestContext,
): Tri {
  const target = principalAt(ctx, resource);
  if (!target || target.tagsUnknown) return "maybe";
  const { decision } = subject.permissions.evaluate({
    action,
    resource,
    context: withResourceTags(context, target),
  });
  return decision === "Allow" ? "yes" : decision === "Conditional" ? "maybe" : "no";
}

/**
 * The request's context with the tags of the user or role it acts on, as aws:ResourceTag and
 * iam:ResourceTag read them: a key the snapshot does not list for it is absent (the snapshot lists
 * every tag), unless its tags were not read, when they stay undecided. The escalation graph and the
 * organization rollup (a role of another account) both read a role's tags this way.
 */
export function withResourceTags(
  context: RequestContext,
  target: { tags: readonly { key: string; value: string }[]; tagsUnknown?: true },
): RequestContext {
  if (target.tagsUnknown) return context;
  const current = new Map(target.tags.map((t) => [t.key.toLowerCase(), t.value]));
  const values: Record<string, readonly string[]> = {
    ...Object.fromEntries(context.values),
    ...resourceTags(current),
  };
  const lacking = lacks(current);
  const absent = context.absent;
  return {
    ...makeContext(values, context.complete),
    absent: absent ? (key) => lacking(key) || absent(key) : lacking,
  };
}

/** The resource-tag keys of the tags a user or role does not have. */
function lacks(current: ReadonlyMap<string, string>): (key: string) => boolean {
  return (key) => {
    const tag = RESOURCE_TAG.exec(key)?.[1];
    return tag !== undefined && !current.has(tag.toLowerCase());
  };
}

/** The user or role of the account at the ARN. */
export function principalAt(ctx: PermissiveContext, resource: string) {
  const arn = parseArn(resource);
  if (arn?.service !== "iam" || arn.account !== ctx.snapshot.accountId) return undefined;
  const target = ctx.account.of(resource)?.principal;
  return target && "tags" in target ? target : undefined;
}

/**
 * Whether the caller can tag `resource` (a user or role of the account) so that `action` on it is
 * allowed: each tag key the statements naming the action test through aws:ResourceTag or
 * iam:ResourceTag is tried with the values they name, the value it has and one they do not name,
 * and an assignment counts only when the tagging call that sets it is allowed too (its own
 * aws:RequestTag and aws:TagKeys conditions included). Tags the resource has and the caller does
 * not set keep their values; a tag it lacks stays absent unless set.
 */
export function retaggedAllows(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  action: string,
  resource: string,
  context: RequestContext,
): boolean {
  const arn = parseArn(resource);
  if (arn?.service !== "iam" || arn.account !== ctx.snapshot.accountId) return false;
  const tagging = TAGGING_ACTIONS[arn.resource.split("/")[0]!];
  const target = ctx.account.of(resource)?.principal;
  if (!tagging || !target || !("tags" in target)) return false;
  // A tag the snapshot lacks is absent until set, when the snapshot lists every tag.
  const absent = (tags: ReadonlyMap<string, string>) => (target.tagsUnknown ? {} : { absent: lacks(tags) });
  const taggingId = ctx.catalog.action(tagging)?.id;
  const actionId = ctx.catalog.action(action)?.id;
  if (taggingId === undefined || actionId === undefined) return false;
  if (!subject.permissions.effective().possible.has(taggingId)) return false;
  const tested = testedTags(subject, actionId);
  if (tested.size === 0) return false;
  const current = new Map(target.tags.map((t) => [t.key.toLowerCase(), t.value]));
  const base: Record<string, readonly string[]> = Object.fromEntries(context.values);
  if (
    !mayTag(subject, tagging, resource, () => ({
      ...makeContext({ ...base, ...resourceTags(current) }, context.complete),
      ...absent(current),
    }))
  )
    return false;
  for (const assignment of assignments(tested, current)) {
    const request: Record<string, readonly string[]> = { ...base, ...resourceTags(current) };
    for (const [key, value] of assignment) request[`aws:requesttag/${key}`] = [value];
    request["aws:tagkeys"] = [...assignment.keys()].map((key) => tested.get(key)!.spelling);
    const tag = subject.permissions.evaluate({
      action: tagging,
      resource,
      context: { ...makeContext(request, context.complete), ...absent(current) },
    });
    if (tag.decision !== "Allow") continue;
    const tagged = new Map([...current, ...assignment]);
    const call = subject.permissions.evaluate({
      action,
      resource,
      context: { ...makeContext({ ...base, ...resourceTags(tagged) }, context.complete), ...absent(tagged) },
    });
    if (call.decision === "Allow") return true;
  }
  return false;
}

interface TestedTag {
  /** The key as the condition spells it, for aws:TagKeys. */
  spelling: string;
  named: Set<string>;
}

const taggable = new WeakMap<PrincipalAccess, Map<string, boolean>>();

/**
 * Whether the tagging call on the resource may be allowed with some tags: refused whatever tags it
 * sets, no assignment needs trying (most resources of an account). Kept per caller and resource,
 * as every step on the resource asks it again.
 */
function mayTag(
  subject: PrincipalAccess,
  tagging: string,
  resource: string,
  context: () => RequestContext,
): boolean {
  let byResource = taggable.get(subject);
  if (!byResource) {
    byResource = new Map();
    taggable.set(subject, byResource);
  }
  let may = byResource.get(resource);
  if (may === undefined) {
    const { decision } = subject.permissions.evaluate({ action: tagging, resource, context: context() });
    may = decision === "Allow" || decision === "Conditional";
    byResource.set(resource, may);
  }
  return may;
}

const testedCache = new WeakMap<PrincipalAccess, Map<number, ReadonlyMap<string, TestedTag>>>();

/** The tag keys (lower case) the statements naming the action test, with the values they name. */
function testedTags(subject: PrincipalAccess, actionId: number): ReadonlyMap<string, TestedTag> {
  let byAction = testedCache.get(subject);
  if (!byAction) {
    byAction = new Map();
    testedCache.set(subject, byAction);
  }
  let tested = byAction.get(actionId);
  if (!tested) {
    tested = collectTestedTags(subject, actionId);
    byAction.set(actionId, tested);
  }
  return tested;
}

function collectTestedTags(subject: PrincipalAccess, actionId: number): Map<string, TestedTag> {
  const tested = new Map<string, TestedTag>();
  for (const s of subject.permissions.statementsNaming(actionId)) {
    for (const clause of s.statement.conditions) {
      const spelling = RESOURCE_TAG.exec(clause.key)?.[1];
      if (!spelling) continue;
      const key = spelling.toLowerCase();
      const tag = tested.get(key) ?? { spelling, named: new Set<string>() };
      for (const value of clause.values)
        if (!value.includes("${")) tag.named.add(value.replace(/\*/g, PROBE).replace(/\?/g, "x"));
      tested.set(key, tag);
    }
  }
  return tested;
}

function* assignments(
  tested: ReadonlyMap<string, TestedTag>,
  current: ReadonlyMap<string, string>,
): Generator<Map<string, string>> {
  const choices = [...tested].map(([key, { named }]) => {
    const values = new Set([...named, PROBE]);
    const has = current.get(key);
    if (has !== undefined) values.add(has);
    return [key, [...values]] as const;
  });
  let count = 0;
  const walk = function* (i: number, acc: Map<string, string>): Generator<Map<string, string>> {
    if (count >= MAX_ASSIGNMENTS) return;
    if (i === choices.length) {
      count++;
      yield acc;
      return;
    }
    const [key, values] = choices[i]!;
    for (const value of values) yield* walk(i + 1, new Map([...acc, [key, value]]));
  };
  yield* walk(0, new Map());
}

function resourceTags(tags: ReadonlyMap<string, string>): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {};
  for (const [key, value] of tags) {
    out[`aws:resourcetag/${key}`] = [value];
    out[`iam:resourcetag/${key}`] = [value];
  }
  return out;
}
