import type { PrincipalAccess } from "../../account/permissions.js";
import type { ActionSet } from "../../catalog/action-set.js";
import type { Catalog } from "../../catalog/catalog.js";
import type { PrincipalDetector } from "../context.js";
import { buildFinding } from "../finding.js";
import { accessKeySubject } from "./access-key-permissions.js";
import type { PermissiveContext } from "./context.js";
import { directCallSubject } from "./direct-call-permissions.js";
import { ownCallSubjects, selfCallSubject } from "./own-facts.js";
import { sample } from "./own-statements.js";

/** The kinds that are classes of risky actions, each with a "conditional" variant. */
export type RiskClassKind =
  | "credentials-exposure"
  | "data-exfiltration"
  | "resource-exposure"
  | "infrastructure-modification";

const memberSets = new WeakMap<Catalog, Map<RiskClassKind, ActionSet>>();

/** A class given as action names, as a catalog bitset (built once per catalog). */
export function classSet(catalog: Catalog, kind: RiskClassKind, members: () => Iterable<number>): ActionSet {
  let byKind = memberSets.get(catalog);
  if (!byKind) {
    byKind = new Map();
    memberSets.set(catalog, byKind);
  }
  let set = byKind.get(kind);
  if (!set) {
    set = catalog.emptySet();
    for (const id of members()) set.add(id);
    byKind.set(kind, set);
  }
  return set;
}

export function idsOf(catalog: Catalog, names: readonly string[]): number[] {
  return names.map((n) => catalog.action(n)?.id).filter((id): id is number => id !== undefined);
}

/**
 * A detector for one class of risky actions, on effective permissions: the class's actions the
 * principal may use on every resource (after Deny and boundary), or on every one of its own account. Actions granted only on named
 * resources are a deliberate scoping and are not reported, and so are those only statements under a
 * condition no call of its own meets grant everywhere (ownCallSubjects). All of them conditional → one step lower,
 * unless a call the principal makes itself (directCallSubject), one signed with the user's active
 * access key (accessKeySubject), or every call it signs itself by what it carries, its own ARN,
 * principal type and account (selfCallSubject), meets the conditions.
 */
export function actionClassDetector(
  kind: RiskClassKind,
  describe: string,
  members: (ctx: PermissiveContext) => ActionSet,
): PrincipalDetector {
  return {
    kind,
    scope: "principal",
    needs: [],
    detect(ctx, subject) {
      const effective = subject.permissions.effective();
      const account = ownAccount(subject);
      // (members ∩ possible) − scoped: the class's set is the narrow one to start from.
      const unscoped = members(ctx)
        .intersect(effective.possible)
        .minusInPlace(effective.resourceScopedIn(account));
      const own = ownCallSubjects(ctx, subject);
      if (own) {
        const reached = ctx.catalog.emptySet();
        for (const kind of own) {
          const effective = kind.permissions.effective();
          reached.unionInPlace(effective.possible.minus(effective.resourceScopedIn(account)));
        }
        unscoped.intersectInPlace(reached);
      }
      const count = unscoped.count();
      if (count === 0) return [];
      const conditional =
        unscoped.isSubsetOf(effective.conditional) && !certainForOwnCalls(ctx, subject, unscoped);
      const keys = ctx.catalog.keys(unscoped);
      const { actions, more } = sample(keys);
      return [
        buildFinding(kind, [subject.principal.arn], {
          principalArn: subject.principal.arn,
          actions,
          ...(conditional ? { variant: "conditional" as const } : {}),
          title: `${subject.principal.name} may ${describe} on any resource (${count} action${count === 1 ? "" : "s"})`,
          detail: `${keys.slice(0, 5).join(", ")}${count > 5 ? ` and ${count - 5} more` : ""} are allowed on every resource${conditional ? ", under conditions" : ""}.`,
          evidence: { count, more, conditional },
        }),
      ];
    },
  };
}

/** The account in the principal's ARN: every resource of a type there is every one it holds. */
export function ownAccount(subject: PrincipalAccess): string {
  return subject.principal.arn.split(":")[4] ?? "";
}

/**
 * Whether calls the principal makes itself (directCallSubject), those signed with the user's active
 * access key, or every call it signs itself (selfCallSubject) get one of `actions` without a condition.
 */
function certainForOwnCalls(ctx: PermissiveContext, subject: PrincipalAccess, actions: ActionSet): boolean {
  const callers = [
    directCallSubject(ctx, subject),
    accessKeySubject(ctx, subject),
    selfCallSubject(ctx, subject),
  ];
  return callers.some((acting) => {
    const effective = acting?.permissions.effective();
    return (
      effective !== undefined &&
      !actions.intersect(effective.possible).minusInPlace(effective.conditional).isEmpty()
    );
  });
}
