import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  ListRootsCommand,
  MoveAccountCommand,
  type OrganizationsClient,
} from "@aws-sdk/client-organizations";

export interface SandboxOrganization {
  management: string;
  /** Member account ids by name; "sandbox" sits in the Sandbox OU, the others under the root. */
  members: Record<string, string>;
  rootId: string;
  sandboxOu: string;
  /** The SCP denying iam:* attached to the Sandbox OU. */
  denyIam: { id: string; arn: string };
}

/**
 * An organization in moto: the caller's account manages it; member "sandbox" sits in a Sandbox OU
 * whose SCP denies iam:*, every other member sits under the root.
 */
export async function sandboxOrganization(
  organizations: OrganizationsClient,
  memberNames: readonly string[] = ["sandbox"],
): Promise<SandboxOrganization> {
  const org = await organizations.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
  const members: Record<string, string> = {};
  for (const name of memberNames) {
    const created = await organizations.send(
      new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }),
    );
    members[name] = created.CreateAccountStatus?.AccountId ?? "";
  }
  const rootId = (await organizations.send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? "";
  const ou = await organizations.send(
    new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: "Sandbox" }),
  );
  const sandboxOu = ou.OrganizationalUnit?.Id ?? "";
  await organizations.send(
    new MoveAccountCommand({
      AccountId: members.sandbox,
      SourceParentId: rootId,
      DestinationParentId: sandboxOu,
    }),
  );
  const policy = await organizations.send(
    new CreatePolicyCommand({
      Name: "DenyIam",
      Description: "No IAM in the sandbox",
      Type: "SERVICE_CONTROL_POLICY",
      Content: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Deny", Action: "iam:*", Resource: "*" }],
      }),
    }),
  );
  const denyIam = {
    id: policy.Policy?.PolicySummary?.Id ?? "",
    arn: policy.Policy?.PolicySummary?.Arn ?? "",
  };
  await organizations.send(new AttachPolicyCommand({ PolicyId: denyIam.id, TargetId: sandboxOu }));
  return { management: org.Organization?.MasterAccountId ?? "", members, rootId, sandboxOu, denyIam };
}
