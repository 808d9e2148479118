import {
  GetAccountPasswordPolicyCommand,
  type IAMClient,
  ListAccountAliasesCommand,
} from "@aws-sdk/client-iam";
import type { PasswordPolicy } from "../engine/snapshot/model.js";
import { toPasswordPolicy } from "../engine/snapshot/password-policy.js";
import { describeAwsError } from "./iam-errors.js";

/**
 * The account password policy. NoSuchEntity means the account has none (AWS's default applies),
 * which is itself a finding; any other failure leaves it unknown, with a warning.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountPasswordPolicy.html
 */
export async function fetchPasswordPolicy(
  iam: Pick<IAMClient, "send">,
): Promise<{ passwordPolicy?: PasswordPolicy; warning?: string }> {
  try {
    const output = await iam.send(new GetAccountPasswordPolicyCommand({}));
    return { passwordPolicy: toPasswordPolicy(output.PasswordPolicy) };
  } catch (error) {
    if ((error as Error).name === "NoSuchEntityException") return { passwordPolicy: { status: "absent" } };
    return { warning: `the password policy could not be read: ${describeAwsError(error)}` };
  }
}

/** The account alias (an account has at most one). */
export async function fetchAccountAlias(
  iam: Pick<IAMClient, "send">,
): Promise<{ alias?: string; warning?: string }> {
  try {
    const output = await iam.send(new ListAccountAliasesCommand({}));
    const alias = output.AccountAliases?.[0];
    return alias ? { alias } : {};
  } catch (error) {
    return { warning: `the account alias could not be read: ${describeAwsError(error)}` };
  }
}
