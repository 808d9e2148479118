import { type IAMClient, ListOrganizationsFeaturesCommand } from "@aws-sdk/client-iam";
import type { OrganizationsClient } from "@aws-sdk/client-organizations";
import { IAM_SERVICE_PRINCIPAL, type RootAccess } from "../engine/organization/root-access.js";
import { listDelegatedAdministrators } from "./delegated-administrators.js";
import { describeAwsError } from "./iam-errors.js";

/**
 * IAM's centralized root access as the management or delegated administrator account reads it:
 * the accounts registered as IAM's delegated administrator, which may call sts:AssumeRoot as the
 * management account may, and the root access features enabled. Neither read fails the run: the
 * delegated administrators unread are said why (the rollup warns), the features unread are left
 * unknown (the paths hang on them anyway).
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListDelegatedAdministrators.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListOrganizationsFeatures.html
 */
export async function readRootAccess(
  organizations: Pick<OrganizationsClient, "send">,
  iam: Pick<IAMClient, "send">,
): Promise<RootAccess> {
  const [admins, features] = await Promise.all([
    delegatedAdministrators(organizations),
    enabledFeatures(iam),
  ]);
  return { ...admins, ...(features ? { enabledFeatures: features } : {}) };
}

async function delegatedAdministrators(
  organizations: Pick<OrganizationsClient, "send">,
): Promise<Pick<RootAccess, "delegatedAdministrators" | "delegatedAdministratorsUnread">> {
  try {
    return {
      delegatedAdministrators: await listDelegatedAdministrators(organizations, IAM_SERVICE_PRINCIPAL),
    };
  } catch (error) {
    return { delegatedAdministratorsUnread: describeAwsError(error) };
  }
}

async function enabledFeatures(iam: Pick<IAMClient, "send">): Promise<string[] | undefined> {
  try {
    const answer = await iam.send(new ListOrganizationsFeaturesCommand({}));
    return answer.EnabledFeatures ? [...answer.EnabledFeatures] : [];
  } catch {
    return undefined;
  }
}
