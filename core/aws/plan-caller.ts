import { GetCallerIdentityCommand, type STSClient } from "@aws-sdk/client-sts";
import type { Plan } from "../engine/report/schema.js";
import { PlanInputError } from "./plan-errors.js";

/**
 * The user or role the credentials running apply sign as, from the ARN sts:GetCallerIdentity gives:
 * `…:user/path/name`, or a session of a role, `…:assumed-role/name/session`. Others (the root user,
 * a federated user's session, whose IAM user the ARN does not name) give none.
 */
function callerPrincipal(
  caller: string,
): { type: "user" | "role"; name: string; account: string } | undefined {
  const [, , service, , account, resource = ""] = caller.split(":");
  if (!account) return undefined;
  const parts = resource.split("/");
  if (service === "sts" && parts[0] === "assumed-role" && parts.length >= 3)
    return { type: "role", name: parts[1]!, account };
  if (service === "iam" && parts[0] === "user" && parts.length >= 2)
    return { type: "user", name: parts.at(-1)!, account };
  return undefined;
}

/**
 * Refuses a plan that narrows the very principal running apply (its role or user, or a group or
 * policy reaching it). IAM evaluates a session's permissions at each request, so once apply detaches
 * what the principal holds, the writes still to come, the verification and an undo after a failure
 * are asked of the narrowed principal, which the plan was never proven to leave able to make them:
 * a failure there would leave the change half done, with no way back by these credentials.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access.html
 */
export function refuseOwnCaller(plan: Plan, caller: string | undefined): void {
  const who = caller ? callerPrincipal(caller) : undefined;
  if (!who) return;
  const narrowed = plan.principals.find((arn) => {
    const [, , , , account, resource = ""] = arn.split(":");
    const parts = resource.split("/");
    // IAM names are unique whatever their case.
    return (
      account === who.account &&
      parts[0] === who.type &&
      parts.at(-1)?.toLowerCase() === who.name.toLowerCase()
    );
  });
  if (!narrowed) return;
  throw new PlanInputError(
    `the plan narrows ${narrowed}, as which these credentials run apply (${caller}): once its old policies are detached, IAM may refuse them the writes that finish the change, its verification and any undo, leaving it half done with no way back by them; apply it with another principal's credentials`,
  );
}

/** The ARN the credentials sign as: sts:GetCallerIdentity, which no policy can deny. */
export async function callerArn(sts: Pick<STSClient, "send">): Promise<string | undefined> {
  return (await sts.send(new GetCallerIdentityCommand({}))).Arn;
}
