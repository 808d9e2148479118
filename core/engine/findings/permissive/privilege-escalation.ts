import type { PrincipalDetector } from "../context.js";
import { buildFinding } from "../finding.js";
import { BY_ACCESS_KEY } from "./access-key-permissions.js";
import { readAdminLevel } from "./admin-access.js";
import { scpLimited } from "./admin-scp-limit.js";
import { byDirectCall } from "./direct-call-permissions.js";
import { certainWithAccessKey } from "./escalation/access-key.js";
import { escalationChains } from "./escalation/chains.js";
import { directPaths } from "./escalation/direct.js";
import { certainByDirectCall } from "./escalation/direct-call.js";
import { scpDeniedEscalation, scpsOver } from "./escalation/scp-denied.js";
import { roleTrust } from "./trust/verdict.js";

/**
 * One finding per principal naming every known path it can take, by itself or by assuming roles;
 * none for an administrator, in full or as far as the account's SCPs let it (its admin-access
 * finding says it all).
 * Severity: high; medium when every path depends on a condition (that a call signed with the
 * user's active access key, or one it sends straight to the service, does not meet); critical when
 * anyone with AWS credentials can assume the principal; low (`scp-denied`) when only the account's
 * SCPs stop it.
 * When SCPs apply and do not stop a path, the finding says so.
 */
export const privilegeEscalation: PrincipalDetector = {
  kind: "privilege-escalation",
  scope: "principal",
  needs: [],
  detect(ctx, subject) {
    // An administrator has nothing to escalate to: admin-access is its one finding. So has one its
    // SCPs limit: every user and role it could become or create is under the same SCPs. One only
    // an unread policy may make an administrator keeps the paths its read policies certainly give.
    if (readAdminLevel(ctx, subject) || scpLimited(ctx.catalog, subject)) return [];
    const direct = directPaths(ctx, subject);
    const chains = escalationChains(ctx, subject);
    if (direct.length === 0 && chains.length === 0) return scpDeniedEscalation(ctx, subject);
    const scps = scpsOver(subject);
    const certainNow = direct.some((m) => m.certainty === "yes") || chains.some((c) => c.certainty === "yes");
    const byKey = !certainNow && certainWithAccessKey(ctx, subject);
    const byDirect = !certainNow && !byKey && certainByDirectCall(ctx, subject);
    const certain = certainNow || byKey || byDirect;
    const variant =
      roleTrust(ctx.account, subject.principal.arn)?.outsider?.certainty === "yes"
        ? ("assumable-by-anyone" as const)
        : certain
          ? undefined
          : ("conditional" as const);
    const names = [
      ...direct.map((m) => `${m.path.id} (${m.path.requires.map((r) => r.action).join(" + ")})`),
      ...chains.map(
        (c) =>
          `assume ${c.roles.map((r) => r.arn.split("/").pop()).join(" → ")} (${c.reaches === "admin" ? "admin" : c.reaches.join(", ")})`,
      ),
    ];
    const actions = [...new Set(direct.flatMap((m) => m.path.requires.map((r) => r.action)))];
    if (chains.length > 0) actions.push("sts:AssumeRole");
    return [
      buildFinding("privilege-escalation", [subject.principal.arn], {
        principalArn: subject.principal.arn,
        ...(variant ? { variant } : {}),
        actions: [...new Set(actions)],
        title: `${subject.principal.name} can escalate privileges: ${names.slice(0, 3).join("; ")}${names.length > 3 ? ` and ${names.length - 3} more` : ""}`,
        detail: `${
          certain
            ? `Every action of at least one path is allowed on a resource that makes it exploitable${byKey ? ` ${BY_ACCESS_KEY}` : byDirect ? ` ${byDirectCall(subject)}` : ""}.`
            : "Each path depends on a condition the snapshot cannot decide; it holds when the condition does."
        }${scps.length > 0 ? ` The organization's SCPs over the account (${scps.join(", ")}) do not block it.` : ""}`,
        evidence: {
          paths: direct.map((m) => ({
            id: m.path.id,
            name: m.path.name,
            ...(m.path.rhino ? { rhinoMethod: m.path.rhino } : {}),
            certainty: m.certainty,
            steps: m.steps,
          })),
          chains,
          ...(scps.length > 0 ? { notBlockedBy: scps } : {}),
          ...(byKey ? { certainWithAccessKey: true } : {}),
          ...(byDirect ? { certainByDirectCall: true } : {}),
        },
      }),
    ];
  },
};
