import type { PrincipalAccess } from "../../account/permissions.js";
import { doubtingBoundary } from "../../account/unread-boundary.js";
import { withUnreadPolicies } from "../../account/unread-policies.js";
import type { ActionSet } from "../../catalog/action-set.js";
import type { Catalog } from "../../catalog/catalog.js";
import type { CompiledStatement } from "../../policy/compile.js";
import type { PrincipalDetector } from "../context.js";
import { buildFinding } from "../finding.js";
import { accessKeySubject, BY_ACCESS_KEY } from "./access-key-permissions.js";
import { namesEveryArn, policyLevel } from "./admin-level.js";
import { type OwnCallLimit, scpLimitedAdmin } from "./admin-scp-limit.js";
import { accessKeyContext, attackContext, iamRegion, type PermissiveContext } from "./context.js";
import { byDirectCall, directCallSubject } from "./direct-call-permissions.js";
import { escalationChains } from "./escalation/chains.js";
import { directPaths, mayTakeOver, takeOverPaths } from "./escalation/direct.js";
import type { Requirement } from "./escalation/types.js";
import { ownCallSubjects, selfCallSubject } from "./own-facts.js";
import { type SelfGrant, selfGrantIn } from "./self-grant.js";

/**
 * Effectively `*` on `*`: every catalog action is allowed on some resource after Deny statements,
 * the permissions boundary and any SCPs (the effective-permissions algebra, not the text of one
 * statement). "certain" when every action is allowed everywhere without a condition, or when an
 * administrator on some resources or under some conditions is certainly one in full (certainAdmin).
 * "conditional" too when only an attached policy the snapshot holds no document for may make it
 * one (unreadAdmin).
 */
export function adminLevel(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
): "certain" | "conditional" | undefined {
  return readAdminLevel(ctx, subject) ?? (unreadAdmin(ctx, subject) ? "conditional" : undefined);
}

/**
 * The attached policies the snapshot has no document for that may make the principal an
 * administrator: read as allowing everything under a condition no one can decide, its boundary
 * and SCPs still applied. Undefined when it has none, or when even they could not make it one.
 */
export function unreadAdmin(ctx: PermissiveContext, subject: PrincipalAccess): string[] | undefined {
  const unread = withUnreadPolicies(ctx.catalog, ctx.account.snapshot, subject);
  return unread && policyLevel(ctx.catalog, unread.permissions) ? unread.sources : undefined;
}

/** adminLevel by the policies the snapshot holds alone. */
export function readAdminLevel(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
): "certain" | "conditional" | undefined {
  const level = policyLevel(ctx.catalog, subject.permissions);
  if (level !== "conditional") return level;
  // Under conditions no call of its own can meet, it is no administrator at all.
  const own = ownCallSubjects(ctx, subject);
  if (own?.every((kind) => !policyLevel(ctx.catalog, kind.permissions))) return undefined;
  return certainAdmin(ctx, subject) ? "certain" : level;
}

/**
 * Why an administrator on some resources or under some conditions is one in full: every call it
 * makes itself meets the conditions in the way, which only calls without TLS, or with other
 * User-Agent or Referer headers than it picks, would miss (directCall); it can write itself `*` on `*` (selfGrant), for such calls or any; or a
 * call signed with its active access key meets every condition in the way, or lacks the key a Deny
 * tests (accessKey), or both; or every call it signs itself meets them by what it carries, its own
 * ARN, principal type, account or user name (ownCalls); or it can certainly assume, in turn, roles
 * the last of which is a full administrator (assumes); or it can certainly take a service escalation
 * path onto a role that is a full administrator, or create an access key for a user that is one
 * (via).
 */
interface AdminProof {
  directCall?: true;
  selfGrant?: SelfGrant;
  accessKey?: true;
  ownCalls?: true;
  assumes?: string[];
  via?: ServicePathAdmin & { name: string };
}

const proofs = new WeakMap<PrincipalAccess, AdminProof | null>();

function certainAdmin(ctx: PermissiveContext, subject: PrincipalAccess): AdminProof | undefined {
  let proof = proofs.get(subject);
  if (proof === undefined) {
    proof = null;
    // Set before the search: roles that assume one another cut the cycle here (as conditional).
    proofs.set(subject, proof);
    if (policyLevel(ctx.catalog, subject.permissions) === "conditional") {
      const region = iamRegion(subject.principal.arn);
      const extra: Record<string, string> = region ? { "aws:RequestedRegion": region } : {};
      const direct = directCallSubject(ctx, subject)?.permissions;
      const directly = direct && policyLevel(ctx.catalog, direct) === "certain";
      const grant =
        !directly &&
        selfGrantIn(ctx, subject, direct ?? subject.permissions, attackContext(ctx, subject, extra));
      const keyed = !directly && !grant && accessKeySubject(ctx, subject)?.permissions;
      if (directly) proof = { directCall: true };
      else if (grant) proof = { selfGrant: grant, ...(direct ? { directCall: true as const } : {}) };
      else if (keyed && policyLevel(ctx.catalog, keyed) === "certain") proof = { accessKey: true };
      else if (keyed) {
        const keyGrant = selfGrantIn(ctx, subject, keyed, accessKeyContext(ctx, subject, extra)!);
        if (keyGrant) proof = { selfGrant: keyGrant, accessKey: true };
      }
      if (!proof) {
        const self = selfCallSubject(ctx, subject);
        if (self && policyLevel(ctx.catalog, self.permissions) === "certain") proof = { ownCalls: true };
      }
      if (!proof) {
        const assumes = assumedAdmin(ctx, subject);
        if (assumes) proof = { assumes };
      }
      if (!proof) {
        const via = servicePathAdmin(ctx, subject) ?? keyTakeoverAdmin(ctx, subject);
        if (via) proof = { via };
      }
    }
    proofs.set(subject, proof);
  }
  return proof ?? undefined;
}

/**
 * The roles of a chain the subject is certain to assume whose last is a full administrator: the
 * session gets that role's permissions, none of the subject's conditions.
 */
function assumedAdmin(ctx: PermissiveContext, subject: PrincipalAccess): string[] | undefined {
  const chain = escalationChains(ctx, subject).find(
    (c) =>
      c.certainty === "yes" &&
      c.reaches === "admin" &&
      adminLevel(ctx, ctx.account.of(c.roles.at(-1)!.arn)!) === "certain",
  );
  return chain?.roles.map((r) => r.arn);
}

/**
 * An escalation path (its id) and the full administrator it yields: a role it runs code as, or a
 * user it signs calls as through a new access key.
 */
type ServicePathAdmin = { path: string } & ({ role: string } | { user: string });

/**
 * A path the subject is certain to take that runs code as a role (a function's, an instance's) it
 * passes or that a resource already runs with, where that role is a full administrator: the code
 * gets the role's permissions, none of the subject's conditions. Roles that reach one another
 * through such paths are cut, as for assumedAdmin, by the proof set before the search. The roles
 * looked at are the step's targets, the few its evidence names.
 */
function servicePathAdmin(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
): (ServicePathAdmin & { name: string }) | undefined {
  for (const match of directPaths(ctx, subject)) {
    if (match.certainty !== "yes") continue;
    for (const [i, requirement] of match.path.requires.entries()) {
      const { target } = requirement;
      // A role the service only works with (anyRole) runs none of the caller's code.
      if (target.kind !== "pass-role" && target.kind !== "service-role") continue;
      if (target.kind === "pass-role" && target.anyRole) continue;
      const role = match.steps[i]!.targets.find((arn) => {
        const access = ctx.account.of(arn);
        return access !== undefined && adminLevel(ctx, access) === "certain";
      });
      if (role) return { path: match.path.id, name: match.path.name, role };
    }
  }
  return undefined;
}

/**
 * A user that is a full administrator which the subject is certain to sign calls as through an
 * access key it creates for it (iam-002, and the paths ending so): the key gets the user's
 * permissions, none of the subject's conditions. Asked of each such user whatever it compares with
 * the subject (takeOverPaths): next to an administrator on all but some resources, a full one
 * need not look more privileged for the comparison's bounded search.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html
 */
function keyTakeoverAdmin(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
): (ServicePathAdmin & { name: string }) | undefined {
  if (!mayTakeOver(ctx, subject, "user")) return undefined;
  for (const user of ctx.snapshot.users) {
    if (user.arn === subject.principal.arn) continue;
    const access = ctx.account.of(user.arn);
    if (!access || adminLevel(ctx, access) !== "certain") continue;
    const match = takeOverPaths(ctx, subject, access).find(
      (m) => m.certainty === "yes" && m.path.requires.some(createsUserKey),
    );
    if (match) return { path: match.path.id, name: match.path.name, user: user.arn };
  }
  return undefined;
}

const createsUserKey = ({ action, target }: Requirement) =>
  target.kind === "privileged" && target.type === "user" && action.toLowerCase() === "iam:createaccesskey";

const viaEvidence = (via: ServicePathAdmin) =>
  "user" in via ? { path: via.path, user: via.user } : { path: via.path, role: via.role };

const cite = (s: CompiledStatement) => ({ policy: s.source, statementIndex: s.statement.index });

export const adminAccess: PrincipalDetector = {
  kind: "admin-access",
  scope: "principal",
  needs: [],
  detect(ctx, subject) {
    const allows = subject.permissions.statements.filter(
      (s) => s.layer === "identity" && s.statement.effect === "Allow",
    );
    const whole = allows.filter(
      (s) =>
        s.reach.count() === ctx.catalog.size ||
        (s.actions.count() === ctx.catalog.size && namesEveryArn(s.statement)),
    );
    // Worked out only for a finding: most principals are no administrator.
    const granting = () => (whole.length > 0 ? whole : splitGrant(ctx.catalog, allows)).map(cite);
    const read = readAdminLevel(ctx, subject);
    const unread = read ? undefined : unreadAdmin(ctx, subject);
    const level = read ?? (unread ? "conditional" : undefined);
    if (!level) return scpLimitedFinding(ctx, subject, granting);
    const proof = level === "certain" ? certainAdmin(ctx, subject) : undefined;
    return [
      buildFinding("admin-access", [subject.principal.arn], {
        principalArn: subject.principal.arn,
        actions: ["*"],
        ...(level === "conditional" ? { variant: "conditional" as const } : {}),
        title: `${subject.principal.name} is effectively an administrator (* on *)`,
        detail: unread ? unreadDetail(unread) : adminDetail(level, proof, subject),
        evidence: {
          level,
          grantedBy: granting(),
          ...(unread ? { unreadPolicies: unread } : {}),
          ...(proof?.selfGrant ? { selfGrant: proof.selfGrant } : {}),
          ...(proof?.directCall ? { directCall: true } : {}),
          ...(proof?.accessKey ? { accessKey: true } : {}),
          ...(proof?.ownCalls ? { ownCalls: true } : {}),
          ...(proof?.assumes ? { assumes: proof.assumes } : {}),
          ...(proof?.via ? { via: viaEvidence(proof.via) } : {}),
        },
      }),
    ];
  },
};

/**
 * The Allow statements that together reach every action when no one of them does (`iam:*` in one
 * policy, NotAction `iam:*` in another): the widest first, each one cited only for actions the
 * ones before it leave out, so a statement the others already cover is not named.
 */
function splitGrant(catalog: Catalog, allows: readonly CompiledStatement[]): CompiledStatement[] {
  const covered = catalog.emptySet();
  const cited: CompiledStatement[] = [];
  for (const s of [...allows].sort((a, b) => b.reach.count() - a.reach.count())) {
    if (covered.count() === catalog.size) break;
    if (s.reach.isSubsetOf(covered)) continue;
    covered.unionInPlace(s.reach);
    cited.push(s);
  }
  return cited;
}

function unreadDetail(unread: readonly string[]): string {
  return `It may be allowed every IAM action: ${unread.join(", ")}, attached to it, has no document in the snapshot (a GetAccountAuthorizationDetails filtered to some policy types, a policy deleted since), so what it grants is unknown and may be everything.`;
}

function adminDetail(
  level: "certain" | "conditional",
  proof: AdminProof | undefined,
  subject: PrincipalAccess,
): string {
  const some = "Every IAM action is allowed on some resources or under some conditions";
  if (level === "conditional") {
    const boundary = doubtingBoundary(subject.permissions);
    return boundary
      ? `${some}: its permissions boundary ${boundary} was not read in full (the snapshot holds no document for it, or statements of it could not be read), so what it holds back is unknown.`
      : `${some}.`;
  }
  if (!proof)
    return "Every IAM action is allowed on every resource, with no Deny, boundary or condition in the way.";
  if (proof.ownCalls)
    return `${some}, and all of them are allowed on every resource for every call it signs itself, which carries its own ARN, principal type and account${subject.type === "user" ? " and its user name" : ""}.`;
  if (proof.assumes)
    return `${some}, and it can assume ${proof.assumes.map((arn) => arn.split("/").pop()).join(" → ")} without a condition, an administrator on every resource.`;
  if (proof.via && "user" in proof.via)
    return `${some}, and escalation path ${proof.via.path} (${proof.via.name}) lets it sign calls as ${proof.via.user.split("/").pop()} with a new access key, an administrator on every resource.`;
  if (proof.via)
    return `${some}, and escalation path ${proof.via.path} (${proof.via.name}) lets it run code as ${proof.via.role.split("/").pop()} without a condition, an administrator on every resource.`;
  if (!proof.selfGrant)
    return `${some}, and all of them are allowed on every resource ${proof.directCall ? byDirectCall(subject) : BY_ACCESS_KEY}.`;
  const { action, resource, removes } = proof.selfGrant;
  const by = proof.accessKey ? ` ${BY_ACCESS_KEY}` : proof.directCall ? ` ${byDirectCall(subject)}` : "";
  const lifted = removes
    ? `, having first replaced, deleted or detached ${removes.join(", ")}, whose Deny it is allowed to take away`
    : "";
  return `${some}, and ${action} on ${resource}, allowed without a condition${by}, lets it write itself * on * at any time${lifted}.`;
}

function scpLimitedFinding(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  granting: () => ReturnType<typeof cite>[],
) {
  const { catalog } = ctx;
  const limited = scpLimitedAdmin(ctx, subject);
  if (!limited) return [];
  // Where no SCP statement is shown to take an action, every SCP over it is named.
  const named = limited.limitedBy.length > 0 ? limited.limitedBy : subject.permissions.statements;
  const policies = [...new Set(named.filter((s) => s.layer === "scp").map((s) => s.source))];
  const servicesOf = (actions: ActionSet) =>
    [...new Set(catalog.keys(actions).map((a) => a.split(":")[0]!))].sort();
  const services = servicesOf(limited.lost.union(limited.partly));
  return [
    buildFinding("admin-access", [subject.principal.arn], {
      principalArn: subject.principal.arn,
      actions: ["*"],
      variant: "scp-limited",
      title: `${subject.principal.name} is an administrator of its account, limited by service control policies`,
      detail: `Its own policies allow * on *, but the organization's SCPs (${policies.join(", ")}) ${denial(limited, servicesOf)}: everything else stays allowed.`,
      evidence: {
        level: "scp-limited",
        grantedBy: granting(),
        limitedBy: limited.limitedBy.map(cite),
        deniedServices: services,
      },
    }),
  ];
}

/**
 * What the SCPs deny, as surely as the evidence shows: actions taken from every call of the
 * principal's own, then those taken from some kinds of call only, which the other kinds may still
 * make (their conditions there undecided); conditions decided for no call leave only a "may".
 */
function denial(limited: OwnCallLimit, servicesOf: (actions: ActionSet) => string[]): string {
  const { lost, partly, partlyFrom } = limited;
  const counted = (actions: ActionSet) =>
    `${actions.count()} actions (services: ${servicesOf(actions).join(", ")})`;
  const some = `${partlyFrom.map((p) => `${counted(p.actions)} to ${p.calls}`).join(" and ")}, which its other calls may still be allowed`;
  if (!lost.isEmpty() && !partly.isEmpty())
    return `deny ${counted(lost)} to every call of its own, and ${some}`;
  if (!partly.isEmpty()) return `deny ${some}`;
  if (!lost.isEmpty()) return `deny ${counted(lost)}`;
  return "may deny some of its actions, under conditions its calls may or may not meet";
}
