import { observableFor } from "../activity/unrecorded-targets.js";
import type { Role, UserCredentials } from "../snapshot/model.js";
import type { FindingContext } from "./context.js";
import { latest } from "./identity-context.js";
import { snapshotCurrent, trackedSince, trackingEnd } from "./snapshot-age.js";

/** One source's answer to "when was this principal last used?": null means never (in its records). */
export interface UsageEvidence {
  source: "RoleLastUsed" | "password" | "access key" | "service last accessed" | "CloudTrail";
  lastUsed: string | null;
  detail?: string;
}

/**
 * Everything known about a principal's use. No evidence at all means "unknown": a principal is
 * only called unused when some source had the chance to see it used and did not.
 */
export interface Usage {
  evidence: UsageEvidence[];
  last: Date | undefined;
  /**
   * Whether the evidence speaks up to now: false when the snapshot is older than the audit time
   * and CloudTrail's silence does not count for the principal, since IAM's own data then ends at
   * the snapshot and a principal unused up to it may have been used every day since.
   */
  current: boolean;
}

export function roleUsage(ctx: FindingContext, role: Role): Usage {
  const evidence: UsageEvidence[] = [];
  // No date is no use in AWS's tracking period, which may not reach the window's start.
  const lastUsed =
    role.roleLastUsed && (role.roleLastUsed.date !== undefined || tracked(ctx))
      ? role.roleLastUsed
      : undefined;
  if (lastUsed) evidence.push({ source: "RoleLastUsed", lastUsed: lastUsed.date ?? null });
  // Being assumed is a role's use (activity/aggregate.ts): a trail that does not record it can
  // show a role's calls, never that it went unused.
  const silence = silenceCounts(ctx, role.arn, ctx.activity?.assumptionsRecorded !== false);
  // A resource policy may allow the role calls its own policies do not, which last-accessed data
  // leaves out: only RoleLastUsed, or a trail recording every assumption, sees each session.
  evidence.push(...sharedEvidence(ctx, role.arn, silence, lastUsed !== undefined || silence));
  return summarize(ctx, evidence, silence);
}

export function userUsage(ctx: FindingContext, userArn: string): Usage {
  const evidence: UsageEvidence[] = [];
  const credentials = ctx.snapshot.credentials[userArn];
  if (credentials && credentials.password.lastUsed !== undefined) {
    evidence.push({ source: "password", lastUsed: credentials.password.lastUsed });
  }
  for (const key of credentials?.accessKeys ?? []) {
    if (key.lastUsed === undefined) continue;
    evidence.push({ source: "access key", lastUsed: key.lastUsed, detail: key.id ?? `slot ${key.slot}` });
  }
  // A user's own calls are its only trace: its silence shows nothing while it may make calls the
  // trail does not record. Nor while a resource policy may allow it calls its own policies do not:
  // in one account either policy alone allows a request, and the snapshot holds no bucket, queue,
  // key or API policy that may name it. Some of those calls no trail records (execute-api:Invoke,
  // es:ESHttpGet), and service last-accessed data lists only the services its own policies allow:
  // only its credentials' last use (the credential report), which every call it signs updates,
  // covers them all.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
  const settled = credentialsSettle(credentials, ctx.window.start);
  // A console sign-in is a use too, seen only where the trail records sign-ins.
  const signIns = !credentials?.password.enabled || ctx.activity?.signInsRecorded !== false;
  const silence = silenceCounts(ctx, userArn, settled && signIns && allTraced(ctx, userArn));
  evidence.push(...sharedEvidence(ctx, userArn, silence, settled));
  // A credential whose last use is unknown may have signed a call yesterday: the others' idle
  // dates then show no use only beside a trail whose silence counts, and a use in the window still shows.
  // After the snapshot, no trail's silence speaks for the user: in one account a resource policy
  // naming it allows it calls on its own (a table policy DynamoDB's GetItem, a data event; an API's
  // policy execute-api:Invoke, which no trail records), and the snapshot holds no resource policy.
  // Only the credential report covers those, and it ends at the snapshot.
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/rbac-auth-iam-id-based-policies-DDB.html
  if (!settled && !silence) {
    const start = Date.parse(ctx.window.start);
    return summarize(
      ctx,
      evidence.filter((e) => e.lastUsed !== null && Date.parse(e.lastUsed) >= start),
      false,
    );
  }
  return summarize(ctx, evidence, false);
}

/**
 * Whether the trail's silence shows that no console sign-in happened: it read the whole window and
 * records sign-ins (signin's write events) in every region, whichever endpoint the user signs in to.
 */
export function signInsShown(ctx: FindingContext): boolean {
  return ctx.activity?.covers === true && ctx.activity.signInsRecorded !== false;
}

/**
 * Whether the credential report says when each of the user's passwords and keys was last used
 * (never, or a date): a user signs every call with one of them (other credentials: unused-user.ts).
 * It lists current keys only: one created inside the window, or on a day it leaves unreadable, may
 * replace a key used until then, whose use nothing in it shows.
 */
function credentialsSettle(credentials: UserCredentials | undefined, windowStart: string): boolean {
  if (!credentials) return false;
  const { password, accessKeys } = credentials;
  const start = Date.parse(windowStart);
  return (
    (!password.enabled || password.lastUsed !== undefined) &&
    accessKeys.every(
      // A key without a readable creation date may be as new, unless a last use dates it.
      (k) =>
        k.lastUsed !== undefined &&
        (k.created !== undefined ? !(Date.parse(k.created) > start) : k.lastUsed !== null),
    )
  );
}

/** Whether the trail read the whole window, may count (`counts`) and records something the principal may do. */
function silenceCounts(ctx: FindingContext, arn: string, counts: boolean): boolean {
  return ctx.activity?.covers === true && counts && recordable(ctx, arn);
}

/**
 * IAM's last-accessed data and the trail's record of a principal. The trail's silence counts only
 * where `silence` (silenceCounts); last-accessed data showing no use in the window, whether it
 * dates an older access or none, only where `accessedCounts`: it lists only the services the
 * principal's own policies allow, not those a resource policy does.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetServiceLastAccessedDetails.html
 */
function sharedEvidence(
  ctx: FindingContext,
  arn: string,
  silence: boolean,
  accessedCounts: boolean,
): UsageEvidence[] {
  const evidence: UsageEvidence[] = [];
  const accessed = ctx.snapshot.lastAccessed[arn];
  const lastAccessed = accessed ? latest(accessed.services.map((s) => s.lastAuthenticated)) : undefined;
  const inWindow = lastAccessed !== undefined && lastAccessed >= new Date(ctx.window.start);
  // A service listed without a date was not used in AWS's tracking period alone.
  const dated = accessed?.services.every((s) => s.lastAuthenticated !== undefined) ?? false;
  if (accessed && (inWindow || (accessedCounts && (dated || tracked(ctx)))))
    evidence.push({ source: "service last accessed", lastUsed: lastAccessed?.toISOString() ?? null });
  const seen = ctx.activity?.lastSeen(arn);
  if (seen || silence) evidence.push({ source: "CloudTrail", lastUsed: seen?.toISOString() ?? null });
  return evidence;
}

/**
 * Whether the trail could have shown the principal at work: it records some action the principal
 * is allowed. One that may only read S3 objects, under a trail that logs no data events, leaves
 * no record however busy it is, and its silence proves nothing. A principal the snapshot has no
 * policies for (a credential-report user the details omit) is judged as before.
 */
function recordable(ctx: FindingContext, arn: string): boolean {
  const access = ctx.account.of(arn);
  if (!access || !ctx.activity) return true;
  // Its own grants decide what the trail could show of it (observableFor: texts no trail records).
  const observable = observableFor(access.permissions, ctx.activity.observable);
  return !access.permissions.effective().possible.intersect(observable).isEmpty();
}

/**
 * Whether every call the user's keys may sign leaves a record in the trail read: each action its
 * policies allow, and sts:GetSessionToken and sts:GetCallerIdentity, which no policy needs to
 * allow, as far as a trail recording STS's read events (`assumptionsRecorded`) shows them. Not
 * every one: IAM's example GetSessionToken record is not read-only, so a trail of read events alone
 * may hold none of a key's session tokens. No verdict rests on that: the trail's silence counts for
 * a user only beside a credential report dating its password and every key (credentialsSettle),
 * whose last-used dates include the session-token calls, and never for a key (unused-access-key.ts).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html
 */
function allTraced(ctx: FindingContext, arn: string): boolean {
  if (ctx.activity?.assumptionsRecorded === false) return false;
  const access = ctx.account.of(arn);
  const untraced = ctx.activity?.untraced;
  if (!access || !untraced) return true;
  return access.permissions.effective().possible.intersect(untraced).isEmpty();
}

/** Whether IAM's tracking period, up to the snapshot, reaches back to the window's start. */
function tracked(ctx: FindingContext): boolean {
  return trackedSince(ctx.window.start, trackingEnd(ctx.snapshot.collectedAt, ctx.now));
}

function summarize(ctx: FindingContext, evidence: UsageEvidence[], silence: boolean): Usage {
  return {
    evidence,
    last: latest(evidence.map((e) => e.lastUsed)),
    current: silence || snapshotCurrent(ctx),
  };
}
