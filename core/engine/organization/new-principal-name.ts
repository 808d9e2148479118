import type { PrincipalAccess } from "../account/permissions.js";
import {
  attackContext,
  callContext,
  iamRegion,
  type PermissiveContext,
} from "../findings/permissive/context.js";
import type { Tri } from "../policy/context.js";
import { globMatch } from "../policy/glob.js";
import { GAVE_UP, globsWitnessSearched } from "../policy/glob-witness.js";
import type { Policy } from "../policy/types.js";
import type { ActingAs } from "./acting-as.js";
import { assumesCreated, created, NEW_PRINCIPAL, newPrincipals } from "./new-principal.js";

/** Names tried per trust policy: each is a few evaluations, and real trusts name one or two patterns. */
const MAX_NAMES = 8;
/** Patterns read from the policies, and Allow patterns of the create call, each tried with them. */
const MAX_PATTERNS = 8;

const found = new WeakMap<PrincipalAccess, Map<string, ActingAs[]>>();

/**
 * The users and roles the caller may create (newPrincipals) under a name that the policies deciding
 * its request (a trust policy, RCPs) name in their conditions on aws:PrincipalArn (or a user's on
 * aws:username, which holds its name alone and is absent from a role's session): the caller
 * chooses the name and path of what it creates, within the ARNs its policies let it create, so a
 * trust admitting its account only for `role/deploy-*` admits a role it creates as `deploy-…` where
 * it may create one so named. A name already taken is no name it can create. Each name is judged as
 * the account graph's new-principal paths are, on that one ARN: a step its policies leave to a
 * condition makes the path conditional.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-username
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
 */
export function namedNewPrincipals(
  ctx: PermissiveContext,
  caller: PrincipalAccess,
  policies: readonly Policy[],
): ActingAs[] {
  const values = principalArnValues(policies);
  if (values.length === 0) return [];
  const made = newPrincipals(ctx, caller);
  if (made.length === 0) return [];
  let byValues = found.get(caller);
  if (!byValues) {
    byValues = new Map();
    found.set(caller, byValues);
  }
  const key = values.join("\n");
  let ways = byValues.get(key);
  if (!ways) {
    ways = [];
    for (const principal of made) {
      const type = principal.access.type as "user" | "role";
      for (const { arn, unsure } of names(ctx, caller, type, principal.action, values)) {
        const judged = createsNamed(ctx, caller, type, principal.action, arn);
        // A name the caller may create that the search could not find may still exist: conditional.
        const creates = judged === "no" && unsure ? "maybe" : judged;
        if (creates === "no") continue;
        const access = created(ctx, caller, type, arn);
        const assumes = type === "role" ? assumesCreated(ctx, caller, access) : "yes";
        if (assumes === "no") continue;
        const sure = creates === "yes" && assumes === "yes" && principal.creates === "yes";
        ways.push({ access, certainty: sure ? "yes" : "maybe", selfGrant: principal.action });
      }
    }
    byValues.set(key, ways);
  }
  return ways;
}

/** A user's name is in aws:username, which a role's session lacks. */
const KEYS = new Set(["aws:principalarn", "aws:username"]);

const valuesOf = new WeakMap<Policy, string[]>();

/** Marks a value of aws:username among those of aws:PrincipalArn. */
const USER_NAME = "username:";

/**
 * The values of the policies' conditions on aws:PrincipalArn, and on aws:username (marked), that
 * are plain patterns.
 */
function principalArnValues(policies: readonly Policy[]): string[] {
  const values = new Set<string>();
  for (const policy of policies) {
    // An account's RCPs are read for every caller and role: once each.
    let own = valuesOf.get(policy);
    if (!own) {
      own = policy.statements.flatMap((s) =>
        s.conditions
          .filter((clause) => KEYS.has(clause.key.toLowerCase()))
          .flatMap((clause) =>
            clause.values
              .filter((v) => !v.includes("${"))
              .map((v) => (clause.key.toLowerCase() === "aws:username" ? USER_NAME + v : v)),
          ),
      );
      valuesOf.set(policy, own);
    }
    for (const v of own) values.add(v);
  }
  return [...values].slice(0, MAX_PATTERNS).sort();
}

/**
 * ARNs of the caller's account and type that a value matches, each also within one of the
 * patterns the caller's Allows of the create call name (the shortest such ARN: glob-witness.ts),
 * that hold a valid path and name and name no principal the account already has. Where the search
 * gives up on a value and an allowed pattern, a name the value matches stands for the one it
 * could not find, `unsure`: whether the caller may create one so named is then unknown.
 */
function names(
  ctx: PermissiveContext,
  caller: PrincipalAccess,
  type: "user" | "role",
  action: string,
  values: readonly string[],
): { arn: string; unsure: boolean }[] {
  const partition = caller.principal.arn.split(":")[1];
  const shape = `arn:${partition}:iam::${ctx.snapshot.accountId}:${type}/*`;
  // A path is any printable characters between slashes; a name, letters, digits and +=,.@_-.
  const holds = new RegExp(`^arn:[^:]+:iam::\\d{12}:${type}/([\\x21-\\x7e]*/)?[\\w+=,.@-]{1,64}$`);
  const id = ctx.catalog.action(action)?.id;
  const allowed = new Set<string>();
  for (const s of id === undefined ? [] : caller.permissions.statementsFor(id)) {
    if (s.statement.effect !== "Allow" || s.statement.notResource) continue;
    for (const pattern of s.statement.resources ?? [])
      if (pattern !== "*" && !pattern.includes("${")) allowed.add(pattern);
  }
  const within = [...allowed].slice(0, MAX_PATTERNS);
  const out = new Map<string, boolean>();
  for (const named of values) {
    const byName = named.startsWith(USER_NAME);
    if (byName && type !== "user") continue;
    const value = byName ? `${shape.slice(0, -1)}${named.slice(USER_NAME.length)}` : named;
    // aws:username is the name alone: a user it names has no path.
    const fits = (a: string | undefined): a is string =>
      a !== undefined && holds.test(a) && !(byName && a.slice(shape.length - 1).includes("/"));
    let gaveUp = false;
    let plain: string | undefined;
    for (const more of [[], ...within.map((p) => [p])]) {
      // The shortest ARN may end in the path (`user/ops/`): a name that ends in a letter follows it.
      const found = [[], ["*z"]].map((end) => globsWitnessSearched([shape, value, ...more, ...end]));
      const arn = found.find((a): a is string => typeof a === "string" && fits(a));
      if (more.length === 0) plain = arn;
      if (arn === undefined) gaveUp ||= found.includes(GAVE_UP);
      else if (!ctx.account.of(arn)) out.set(arn, false);
    }
    if (gaveUp) {
      // The value's own name, its wildcards filled, where the search found none the value matches.
      const filled = value.replace(/\*/g, "").replace(/\?/g, "x");
      const stand = [plain, filled].find((a) => fits(a) && globMatch(shape, a) && !ctx.account.of(a));
      if (stand !== undefined) out.set(stand, true);
    }
  }
  return [...out].slice(0, MAX_NAMES).map(([arn, unsure]) => ({ arn, unsure }));
}

/** How surely the caller may take one of the account graph's paths to a new principal at `arn`. */
function createsNamed(
  ctx: PermissiveContext,
  caller: PrincipalAccess,
  type: "user" | "role",
  action: string,
  arn: string,
): Tri {
  const region = iamRegion(caller.principal.arn);
  const context = attackContext(ctx, caller, region ? { "aws:RequestedRegion": region } : {});
  const step = (stepAction: string): Tri => {
    const request = {
      action: stepAction,
      resource: arn,
      context: callContext(ctx.catalog, stepAction, context),
    };
    const { decision } = caller.permissions.evaluate(request);
    return decision === "Allow" ? "yes" : decision === "Conditional" ? "maybe" : "no";
  };
  let best: Tri = "no";
  for (const path of NEW_PRINCIPAL) {
    if (path.requires[0]!.action !== action || !path.id.includes(`-new-${type}-`)) continue;
    const steps = path.requires.map((r) => step(r.action));
    const certainty = steps.includes("no") ? "no" : steps.every((c) => c === "yes") ? "yes" : "maybe";
    if (certainty === "yes") return "yes";
    if (certainty === "maybe") best = "maybe";
  }
  return best;
}
