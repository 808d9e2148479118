import {
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  DeleteGroupPolicyCommand,
  DeleteRolePolicyCommand,
  DeleteUserPolicyCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from "@aws-sdk/client-iam";
import type { Iam } from "./iam-state.js";

/** The IAM writes on a user's, role's or group's own policies that apply and rollback make. */
export type PrincipalType = "user" | "role" | "group";

export async function attach(iam: Iam, type: PrincipalType, name: string, PolicyArn: string): Promise<void> {
  if (type === "user") await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn }));
  else if (type === "role") await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn }));
  else await iam.send(new AttachGroupPolicyCommand({ GroupName: name, PolicyArn }));
}

export async function detach(iam: Iam, type: PrincipalType, name: string, PolicyArn: string): Promise<void> {
  if (type === "user") await iam.send(new DetachUserPolicyCommand({ UserName: name, PolicyArn }));
  else if (type === "role") await iam.send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn }));
  else await iam.send(new DetachGroupPolicyCommand({ GroupName: name, PolicyArn }));
}

export async function deleteInline(
  iam: Iam,
  type: PrincipalType,
  name: string,
  PolicyName: string,
): Promise<void> {
  if (type === "user") await iam.send(new DeleteUserPolicyCommand({ UserName: name, PolicyName }));
  else if (type === "role") await iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName }));
  else await iam.send(new DeleteGroupPolicyCommand({ GroupName: name, PolicyName }));
}

export async function putInline(
  iam: Iam,
  type: PrincipalType,
  name: string,
  PolicyName: string,
  document: unknown,
): Promise<void> {
  const PolicyDocument = JSON.stringify(document);
  if (type === "user")
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName, PolicyDocument }));
  else if (type === "role")
    await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName, PolicyDocument }));
  else await iam.send(new PutGroupPolicyCommand({ GroupName: name, PolicyName, PolicyDocument }));
}
