import { documentTextNested, logicalId, nested } from "../generate/iac.js";
import { permissionSetScope } from "../generate/iac-permission-set.js";
import type { Plan } from "../report/schema.js";
import type { Snapshot } from "../snapshot/model.js";
import { principalByArn } from "../snapshot/principal-index.js";
import { permissionSetName } from "./principal.js";
import { mergedDocument } from "./terraform.js";

type PlanBody = Omit<Plan, "iac">;

const PRINCIPAL_TYPE = { user: "AWS::IAM::User", role: "AWS::IAM::Role", group: "AWS::IAM::Group" } as const;

/**
 * The whole change as a CloudFormation template: the new policies, and the principal declared as it
 * is to be after the change (only the new policies attached, no inline policies), to merge into the
 * stack that owns it or to import. A policy target is the policy with its new document.
 */
export function planCloudFormation(
  plan: PlanBody,
  snapshot: Snapshot,
  documents?: readonly string[],
): string {
  const name = plan.target.type === "permission-set" ? permissionSetName(plan.target.name) : undefined;
  const scope = name === undefined ? "" : ` ${permissionSetScope(name, plan.target.arn)}`;
  const Description = `${plan.id}: ${plan.summary}${scope}`;
  const written = principalTemplate(plan, snapshot, Description, documents);
  if (written !== undefined) return written;
  return JSON.stringify(
    { AWSTemplateFormatVersion: "2010-09-09", Description, ...body(plan, snapshot) },
    null,
    2,
  );
}

function body(plan: PlanBody, snapshot: Snapshot): Record<string, unknown> {
  const { target } = plan;
  if (target.type === "policy") {
    const before = plan.before.policies[0]!;
    const holders = (prefix: string) =>
      before.attachedTo.filter((arn) => arn.includes(`:${prefix}/`)).map((arn) => nameOf(snapshot, arn));
    const attached = { Users: holders("user"), Roles: holders("role"), Groups: holders("group") };
    return {
      Resources: {
        [logicalId(target.name)]: {
          Type: "AWS::IAM::ManagedPolicy",
          Properties: {
            ManagedPolicyName: target.name,
            Path: before.path,
            PolicyDocument: plan.create[0]!.document,
            ...Object.fromEntries(Object.entries(attached).filter(([, v]) => v.length > 0)),
          },
        },
      },
    };
  }
  if (target.type === "permission-set") {
    return {
      Parameters: { InstanceArn: { Type: "String", Description: "ARN of the IAM Identity Center instance" } },
      Resources: {
        PermissionSet: {
          Type: "AWS::SSO::PermissionSet",
          Properties: {
            InstanceArn: { Ref: "InstanceArn" },
            Name: permissionSetName(target.name) ?? target.name,
            InlinePolicy: mergedDocument(plan),
            ManagedPolicies: [],
          },
        },
      },
    };
  }
  const policies = Object.fromEntries(
    plan.create.map((c) => [
      logicalId(c.name),
      {
        Type: "AWS::IAM::ManagedPolicy",
        Properties: { ManagedPolicyName: c.name, PolicyDocument: c.document },
      },
    ]),
  );
  const principal = principalProperties(plan, snapshot);
  principal.ManagedPolicyArns = plan.create.map((c) => ({ Ref: logicalId(c.name) }));
  return {
    Resources: {
      ...policies,
      [logicalId(`${target.type}${target.name}`)]: {
        Type: PRINCIPAL_TYPE[target.type],
        Properties: principal,
      },
    },
  };
}

/**
 * A user's, role's or group's template as `JSON.stringify(template, null, 2)` writes it, written in
 * pieces around the documents' texts (`documents`, four levels in, as rendered-documents.ts takes
 * them; stringified here when not given): a document is stringified once at most, and a given
 * text is referred to, not copied. Undefined for other targets, and where two resources would
 * share a logical id (one would replace the other in the object stringified).
 */
function principalTemplate(
  plan: PlanBody,
  snapshot: Snapshot,
  description: string,
  documents?: readonly string[],
): string | undefined {
  const { target } = plan;
  if (target.type !== "user" && target.type !== "role" && target.type !== "group") return undefined;
  const ids = plan.create.map((c) => logicalId(c.name));
  const principalId = logicalId(`${target.type}${target.name}`);
  if (new Set([...ids, principalId]).size !== ids.length + 1) return undefined;
  const principal = principalProperties(plan, snapshot);
  principal.ManagedPolicyArns = ids.map((id) => ({ Ref: id }));
  let text = `{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Description": ${JSON.stringify(description)},\n  "Resources": {`;
  plan.create.forEach((c, i) => {
    const document = documents?.[i] ?? nested(documentTextNested(c.document), 2);
    text = `${text}\n    ${JSON.stringify(ids[i])}: {\n      "Type": "AWS::IAM::ManagedPolicy",\n      "Properties": {\n        "ManagedPolicyName": ${JSON.stringify(c.name)},\n        "PolicyDocument": ${document}\n      }\n    },`;
  });
  const properties = nested(JSON.stringify(principal, null, 2), 3);
  return `${text}\n    ${JSON.stringify(principalId)}: {\n      "Type": ${JSON.stringify(PRINCIPAL_TYPE[target.type])},\n      "Properties": ${properties}\n    }\n  }\n}`;
}

function principalProperties(plan: PlanBody, snapshot: Snapshot): Record<string, unknown> {
  const { target } = plan;
  // By the index: a scan of every principal per plan made a large account's plans quadratic.
  const found = principalByArn(snapshot, target.arn);
  if (found?.type === "user") {
    const user = found.principal;
    return {
      UserName: user.name,
      Path: user.path,
      ...(user.groups.length > 0 ? { Groups: [...user.groups] } : {}),
      ...(user.permissionsBoundaryArn ? { PermissionsBoundary: user.permissionsBoundaryArn } : {}),
    };
  }
  if (found?.type === "role") {
    const role = found.principal;
    return {
      RoleName: role.name,
      Path: role.path,
      AssumeRolePolicyDocument: role.trustPolicy,
      ...(role.permissionsBoundaryArn ? { PermissionsBoundary: role.permissionsBoundaryArn } : {}),
    };
  }
  const group = found?.principal;
  return { GroupName: group?.name ?? target.name, Path: group?.path ?? "/" };
}

function nameOf(snapshot: Snapshot, arn: string): string {
  return principalByArn(snapshot, arn)?.principal.name ?? arn;
}
