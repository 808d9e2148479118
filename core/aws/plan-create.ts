import { CreatePolicyCommand, CreatePolicyVersionCommand, GetPolicyCommand } from "@aws-sdk/client-iam";
import { canonical } from "../engine/plans/state.js";
import type { Plan } from "../engine/report/schema.js";
import { type Iam, readPolicy } from "./iam-state.js";

/** IAM keeps at most five versions of a managed policy. */
export const MAX_VERSIONS = 5;

/** What an apply has written so far, so that undoing it undoes nothing it did not write. */
export interface Progress {
  /** The policies it created (or whose CreatePolicy may have taken effect, its answer lost). */
  created: string[];
  /** Whether any other write was sent (each may have taken effect, whatever its answer). */
  wrote: boolean;
}

/** What the apply would create was created, or made impossible, by someone else after the apply's check. */
export class PolicyTakenError extends Error {
  override readonly name = "PolicyTakenError";
}

/** The description a change's policies carry: which change created them, read back on a clash. */
const descriptionOf = (plan: Plan, changeId: string) =>
  `Least-privilege replacement written by Whittle (${plan.id}, change ${changeId})`;

/**
 * Whether a policy of that description was created by the change: named so, or by a Whittle that
 * named only the plan (before changes were named), which cannot tell its changes apart.
 */
export const createdByChange = (description: string | undefined, plan: Plan, changeId: string) =>
  description === descriptionOf(plan, changeId) ||
  description === `Least-privilege replacement written by Whittle (${plan.id})`;

/**
 * Creates the plan's new customer managed policies, recording each in `progress`. A name taken
 * since the check (another apply of the same plan, begun a second apart, that passed its check
 * too) is not this apply's to undo: PolicyTakenError, the policy not recorded as created. A policy
 * whose description names this change is its own (a retried call whose first answer was lost).
 */
export async function createPolicies(
  iam: Iam,
  plan: Plan,
  creates: readonly string[],
  changeId: string,
  progress: Progress,
): Promise<void> {
  const Description = descriptionOf(plan, changeId);
  for (const [i, c] of plan.create.entries()) {
    const arn = creates[i]!;
    try {
      await iam.send(
        new CreatePolicyCommand({
          PolicyName: c.name,
          PolicyDocument: JSON.stringify(c.document),
          Description,
        }),
      );
    } catch (error) {
      if (!(error instanceof Error) || error.name !== "EntityAlreadyExistsException") {
        progress.created.push(arn);
        throw error;
      }
      const found = await iam.send(new GetPolicyCommand({ PolicyArn: arn })).catch(() => undefined);
      const description = found?.Policy?.Description;
      if (description !== Description) {
        const other = /, change (\S+)\)$/.exec(description ?? "")?.[1];
        const by = other
          ? `by change ${other} (another apply of this plan)`
          : found
            ? "by someone else"
            : "by another (its description could not be read)";
        throw new PolicyTakenError(
          `${arn} was created ${by} after this apply checked that it did not exist`,
          {
            cause: error,
          },
        );
      }
    }
    progress.created.push(arn);
  }
}

/**
 * Writes a policy plan's new default version. IAM refuses it (LimitExceeded) when the policy holds
 * five versions, which the check found it did not: another apply of the plan, or someone else, added
 * one since. No version was made, so there is nothing of this apply's to undo, and undoing the
 * backup would take back that other one.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html
 */
export async function createVersion(iam: Iam, plan: Plan, progress: Progress): Promise<string | undefined> {
  try {
    const out = await iam.send(
      new CreatePolicyVersionCommand({
        PolicyArn: plan.target.arn,
        PolicyDocument: JSON.stringify(plan.create[0]!.document),
        SetAsDefault: true,
      }),
    );
    progress.wrote = true;
    return out.PolicyVersion?.VersionId;
  } catch (error) {
    if (!(error instanceof Error) || error.name !== "LimitExceededException") {
      progress.wrote = true;
      throw error;
    }
    throw new PolicyTakenError(await noRoomFor(iam, plan, error.message.split("\n")[0]!), { cause: error });
  }
}

/**
 * Why IAM had no room for the new version, read again: another apply of the plan made its version
 * the default (the change is there), someone else added one (a version to delete first), or the
 * policy holds fewer than five and the refusal is another quota's, IAM's words kept.
 */
async function noRoomFor(iam: Iam, plan: Plan, refusal: string): Promise<string> {
  const arn = plan.target.arn;
  const live = await readPolicy(iam, arn).catch(() => undefined);
  if (!live) return `${arn} refused a new version (${refusal}), and its versions could not be read again`;
  if (live.versions.length < MAX_VERSIONS)
    return `${arn} refused a new version (${refusal}) though it holds ${live.versions.length} of the ${MAX_VERSIONS} versions IAM allows`;
  const planned = canonical(plan.create[0]?.document);
  const current = live.versions.find((v) => v.versionId === live.defaultVersionId);
  const by =
    current && canonical(current.document) === planned
      ? `by another apply of this plan, whose version ${live.defaultVersionId} is now the default`
      : `by someone else: delete one of its versions other than the default, ${live.defaultVersionId}, then apply again`;
  return `${arn} was given a version after this apply checked it had room for one, and holds as many as IAM allows (${refusal}), ${by}`;
}
