import type { PrincipalAccess } from "../account/permissions.js";
import type { PermissiveContext } from "../findings/permissive/context.js";
import { type AssumeEdge, assumableRoles, computeEdges } from "../findings/permissive/escalation/assume.js";
import { mayTakeOver, takeOverPaths } from "../findings/permissive/escalation/direct.js";
import { ESCALATION_PATHS } from "../findings/permissive/escalation/paths.js";
import { isServiceLinked } from "../snapshot/model.js";
import { actingAs } from "./acting-as.js";
import type { CrossAccountPath } from "./cross-account.js";

/** How good a path is for its caller: unblocked and certain, unblocked, or blocked. */
export function rank(edge: Pick<CrossAccountPath, "certainty" | "blockedBy">): number {
  return edge.blockedBy ? 0 : edge.certainty === "yes" ? 2 : 1;
}

interface Taker {
  caller: PrincipalAccess;
  /** The caller as it takes over: itself, or as it first makes itself (actingAs). */
  access: PrincipalAccess;
  /** The escalation paths (ids) by which it acts as the principal taken over. */
  paths: string[];
  certainty: "yes" | "maybe";
  /** The call by which it first gives itself any policy, where it takes over only so. */
  selfGrant?: string;
  /** The group of its account it first adds itself to, where it takes over only so. */
  joinsGroup?: string;
}

/** The ways `caller` acts as `taken`: the account's escalation paths, or assuming it (`edges`). */
function waysOver(
  ctx: PermissiveContext,
  caller: PrincipalAccess,
  taken: PrincipalAccess,
  edges: readonly AssumeEdge[],
): { id: string; certainty: "yes" | "maybe" }[] {
  const ways = takeOverPaths(ctx, caller, taken).map((m) => ({ id: m.path.id, certainty: m.certainty }));
  const assume = taken.type === "role" && edges.find((e) => e.role.arn === taken.principal.arn);
  if (assume) ways.unshift({ id: "sts:AssumeRole", certainty: assume.certainty });
  return ways;
}

/**
 * The paths of principals who act as another user or role of their account by the account's own
 * escalation paths (its access key or console password made, its trust rewritten, code run with it
 * passed to a service), or assume it there, and so take that principal's paths into other
 * accounts: alice, who may create bob's access key, reaches what bob reaches. Followed until none is new, so takeovers
 * chain; each caller keeps its surest way to each role, its own first at equal rank, and takes
 * over no role it has a path to as surely (that path gives what the role leads on to). The takeover
 * itself reads the caller's own account alone (its SCPs are the taken principal's too).
 */
export function withTakeovers(
  contexts: ReadonlyMap<string, PermissiveContext>,
  paths: readonly CrossAccountPath[],
  /** The edge of a path's request signed with an access key just created for its caller. */
  keySigned: (
    path: CrossAccountPath,
  ) => Pick<CrossAccountPath, "via" | "certainty" | "blockedBy"> | undefined,
): CrossAccountPath[] {
  const key = (p: CrossAccountPath) => `${p.from.principalArn} ${p.to.roleArn}`;
  const best = new Map(paths.map((p) => [key(p), p]));
  const takers = new Map<string, Taker[]>();
  // The edges of a caller once it has given itself any policy, found once for every principal.
  const madeEdges = new Map<PrincipalAccess, AssumeEdge[]>();
  const edgesOfMade = (ctx: PermissiveContext, access: PrincipalAccess) => {
    let edges = madeEdges.get(access);
    if (!edges) {
      edges = computeEdges(ctx, access);
      madeEdges.set(access, edges);
    }
    return edges;
  };
  // The callers that may take over a principal of a type at all, with their own policies or with
  // one they give themselves: most of a large account's hold no takeover path and assume no role.
  const able = new Map<string, PrincipalAccess[]>();
  const ableTakers = (ctx: PermissiveContext, accountId: string, type: "user" | "role") => {
    const key = `${accountId} ${type}`;
    let callers = able.get(key);
    if (!callers) {
      const may = (access: PrincipalAccess, edges: () => readonly AssumeEdge[]) =>
        mayTakeOver(ctx, access, type) || (type === "role" && edges().length > 0);
      callers = ctx.account.all().filter((caller) => {
        if (caller.type === "group") return false;
        if (isServiceLinked(caller.principal)) return false;
        if (may(caller, () => assumableRoles(ctx, caller))) return true;
        return actingAs(ctx, caller).some((made) => may(made.access, () => edgesOfMade(ctx, made.access)));
      });
      able.set(key, callers);
    }
    return callers;
  };
  const takersOf = (path: CrossAccountPath): Taker[] =>
    takersOfPrincipal(path.from.accountId, path.from.principalArn);
  const takersOfPrincipal = (accountId: string, arn: string): Taker[] => {
    let found = takers.get(arn);
    if (!found) {
      found = [];
      const ctx = contexts.get(accountId)!;
      const taken = ctx.account.of(arn);
      const callers = taken && taken.type !== "group" ? ableTakers(ctx, accountId, taken.type) : [];
      for (const caller of callers) {
        let ways = waysOver(ctx, caller, taken!, assumableRoles(ctx, caller));
        let certain = ways.some((w) => w.certainty === "yes");
        let first: Pick<Taker, "selfGrant" | "joinsGroup"> = {};
        let access = caller;
        // A caller that can give itself any policy, or add itself to a group, takes over so where
        // it cannot surely without, as surely as it may make itself so.
        for (const made of certain ? [] : actingAs(ctx, caller)) {
          const granted = waysOver(ctx, made.access, taken!, edgesOfMade(ctx, made.access));
          const sure = made.certainty === "yes" && granted.some((w) => w.certainty === "yes");
          if (sure || (ways.length === 0 && granted.length > 0)) {
            ways = granted;
            certain = sure;
            access = made.access;
            first = {
              ...(made.selfGrant ? { selfGrant: made.selfGrant } : {}),
              ...(made.joinsGroup ? { joinsGroup: made.joinsGroup } : {}),
            };
          }
          if (certain) break;
        }
        if (ways.length === 0) continue;
        found.push({
          caller,
          access,
          paths: ways.map((w) => w.id),
          certainty: certain ? "yes" : "maybe",
          ...first,
        });
      }
      takers.set(arn, found);
    }
    return found;
  };
  // The principals that may act as `arn` by taking it over, at any remove, as they then act: each
  // may make the calls of a path taken on through `arn` alongside it.
  const controllers = new Map<string, PrincipalAccess[]>();
  const controllersOf = (accountId: string, arn: string): PrincipalAccess[] => {
    let found = controllers.get(arn);
    if (!found) {
      found = [];
      const seen = new Set([arn]);
      const pending = [arn];
      for (let next = pending.pop(); next !== undefined; next = pending.pop())
        for (const taker of takersOfPrincipal(accountId, next)) {
          found.push(taker.caller, taker.access);
          const taking = taker.caller.principal.arn;
          if (!seen.has(taking)) {
            seen.add(taking);
            pending.push(taking);
          }
        }
      controllers.set(arn, found);
    }
    return found;
  };
  // Whether the caller, a principal acting as it (`holders`) or the user with its new key may take
  // over, at any remove, a principal of the account that may enable an MFA device for the user.
  const enablers = new Map<string, PrincipalAccess[]>();
  const enablerTaken = (ctx: PermissiveContext, path: CrossAccountPath, holders: readonly string[]) => {
    let able = enablers.get(path.from.principalArn);
    if (!able) {
      able = ctx.account.all().filter((p) => p.type !== "group" && mayEnableMfa(ctx, [p], path));
      enablers.set(path.from.principalArn, able);
    }
    const held = new Set([...holders, path.from.principalArn]);
    return able.some((p) =>
      controllersOf(path.from.accountId, p.principal.arn).some((c) => held.has(c.principal.arn)),
    );
  };
  const queue = [...paths];
  for (let path = queue.shift(); path; path = queue.shift()) {
    for (const { caller, access, paths: ways, certainty, selfGrant, joinsGroup } of takersOf(path)) {
      const arn = caller.principal.arn;
      // Back at the role itself, or at a principal already taken over on the way: nothing new.
      if (arn === path.to.roleArn || path.through?.some((t) => t.principalArn === arn)) continue;
      const { selfGrant: takenGrants, joinsGroup: takenJoins, ...rest } = path;
      let taken: CrossAccountPath = {
        ...rest,
        from: { accountId: path.from.accountId, principalArn: arn, type: caller.type as "user" | "role" },
        through: [
          {
            principalArn: path.from.principalArn,
            paths: ways,
            ...(takenGrants ? { selfGrant: takenGrants } : {}),
            ...(takenJoins ? { joinsGroup: takenJoins } : {}),
          },
          ...(path.through ?? []),
        ],
        certainty: certainty === "yes" && path.certainty === "yes" ? "yes" : "maybe",
        ...(selfGrant ? { selfGrant } : {}),
        ...(joinsGroup ? { joinsGroup } : {}),
      };
      // A key just made for a user who makes the request itself signs it without MFA.
      if (path.from.type === "user" && !path.through && path.certainty === "maybe" && !path.blockedBy) {
        const ctx = contexts.get(path.from.accountId)!;
        const withoutMfa =
          ways.every((id) => CREATES_KEY.has(id)) &&
          !mayEnableMfa(ctx, [caller, access], path) &&
          !mayEnableMfa(ctx, controllersOf(path.from.accountId, arn), path) &&
          !enablerTaken(ctx, path, [
            arn,
            ...controllersOf(path.from.accountId, arn).map((c) => c.principal.arn),
          ]);
        if (withoutMfa) {
          const edge = keySigned(path);
          if (!edge) continue;
          if (edge.blockedBy) taken = { ...taken, blockedBy: edge.blockedBy };
        }
      }
      const known = best.get(key(taken));
      if (known && rank(known) >= rank(taken)) continue;
      // A role the caller already has a path to gives, as that path says, all it leads on to.
      const assumes = best.get(`${arn} ${path.from.principalArn}`);
      if (assumes && rank(assumes) >= rank(taken)) continue;
      best.set(key(taken), taken);
      queue.push(taken);
    }
  }
  return [...best.values()];
}

/** The escalation paths that take a user over by an access key made for it (iam:CreateAccessKey). */
const CREATES_KEY = new Set(
  ESCALATION_PATHS.filter((p) => p.requires.some((r) => r.action === "iam:CreateAccessKey")).map((p) => p.id),
);

/**
 * Whether a request made with a user's access key the caller has just created might carry MFA all
 * the same: a call signed with a long-term key carries no aws:MultiFactorAuthPresent, and MFA comes
 * only from a device associated with the user (GetSessionToken's or AssumeRole's SerialNumber and
 * TokenCode), which the caller holds only if it, a principal that may take the caller over (and
 * so makes the key through it), or the user with its new key, may enable one, or may take over a
 * principal of the account that may (enablerTaken)
 * (iam:EnableMFADevice, allowed on any resource or under any condition: the cautious side). A
 * console password is another matter (the sign-in's MFA is not known), and not judged here.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableMFADevice.html
 */
function mayEnableMfa(
  ctx: PermissiveContext,
  /** The caller, as it acts, and the principals that may act as it. */
  acting: readonly PrincipalAccess[],
  path: CrossAccountPath,
): boolean {
  const id = ctx.catalog.action("iam:EnableMFADevice")?.id;
  if (id === undefined) return true;
  const user = ctx.account.of(path.from.principalArn);
  // Each as it may first make itself, with the policy it gives itself or the group it joins: the
  // user with its new key, and the caller, which may do so to enable the device whatever way it
  // took the user over by.
  const all = [...acting, ...(user ? [user] : [])];
  return [...all, ...all.flatMap((a) => actingAs(ctx, a).map((m) => m.access))].some((a) =>
    a.permissions.effective().possible.has(id),
  );
}
