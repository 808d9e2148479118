import { GetPolicyCommand, NoSuchEntityException } from "@aws-sdk/client-iam";
import type { Iam } from "./iam-state.js";

/**
 * The managed policies among `arns` that IAM would not attach again once detached: AWS deprecated
 * them. A deprecated policy keeps working where it is attached, but detached it cannot be attached
 * again (GetPolicy's IsAttachable is false), so neither a rollback nor apply's own undo after a
 * failure could give the principal back what it held.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-deprecated.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_Policy.html
 */
export async function notReattachable(iam: Iam, arns: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const PolicyArn of arns) {
    try {
      const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn }));
      if (Policy?.IsAttachable === false) out.push(PolicyArn);
    } catch (error) {
      // Gone since the audit: the drift check names it.
      if (!(error instanceof NoSuchEntityException)) throw error;
    }
  }
  return out;
}
