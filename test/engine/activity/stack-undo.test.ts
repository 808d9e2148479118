import assert from "node:assert/strict";
import { test } from "node:test";
import { createAuthorizer } from "../../../core/engine/activity/authorize.js";
import { createObservability } from "../../../core/engine/activity/observability.js";
import { MANAGEMENT_ONLY } from "../../../core/engine/activity/trail-logging.js";
import type { CloudTrailEvent } from "../../../core/engine/activity/types.js";
import { serviceCall } from "../../helpers/activity.js";
import { catalog } from "../../helpers/catalog.js";

const authorize = createAuthorizer(catalog);
const CLOUDFORMATION = "cloudformation.amazonaws.com";

const byStack = (e: CloudTrailEvent): CloudTrailEvent => ({
  ...e,
  sourceIPAddress: CLOUDFORMATION,
  userIdentity: { type: "AssumedRole", invokedBy: CLOUDFORMATION },
});

/** The needs of a call, `+` marking the inferred ones. */
function needs(e: CloudTrailEvent): string[] {
  const result = authorize(e);
  assert.equal(result.kind, "authorizations", JSON.stringify(result));
  if (result.kind !== "authorizations") return [];
  return result.authorizations.map((a) => `${a.inferred ? "+" : ""}${a.action.key} ${a.resources.join(",")}`);
}

test("a creating call CloudFormation made is inferred to need the call undoing it, on the same resource", () => {
  const role = "arn:aws:iam::123456789012:role/app-role";
  assert.deepEqual(needs(byStack(serviceCall("iam", "CreateRole", { roleName: "app-role" }))), [
    `iam:CreateRole ${role}`,
    `+iam:DeleteRole ${role}`,
  ]);
  const attach = serviceCall("iam", "AttachRolePolicy", {
    roleName: "app-role",
    policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess",
  });
  // Without the snapshot's roles a policy call's role is not named: the undo is as unscoped as it.
  assert.ok(needs(byStack(attach)).includes("+iam:DetachRolePolicy "));
  // Put pairs with Delete, Authorize with Revoke, Run with Terminate.
  assert.ok(
    needs(byStack(serviceCall("iam", "PutRolePolicy", { roleName: "app-role", policyName: "p" }))).includes(
      "+iam:DeleteRolePolicy ",
    ),
  );
  const ingress = needs(byStack(serviceCall("ec2", "AuthorizeSecurityGroupIngress", { groupId: "sg-1" })));
  assert.ok(
    ingress.some((n) => n.startsWith("+ec2:RevokeSecurityGroupIngress ")),
    ingress.join("\n"),
  );
  const run = needs(byStack(serviceCall("ec2", "RunInstances", {})));
  assert.ok(
    run.some((n) => n.startsWith("+ec2:TerminateInstances")),
    run.join("\n"),
  );
});

test("the same call made directly, or one with no undoing action in the catalog, infers nothing", () => {
  const direct = needs(serviceCall("iam", "CreateRole", { roleName: "app-role" }));
  assert.ok(!direct.some((n) => n.startsWith("+")), direct.join("\n"));
  // AddUserToGroup's undo is RemoveUserFromGroup; no action is ever made up from a name.
  for (const n of needs(byStack(serviceCall("iam", "AddUserToGroup", { groupName: "g", userName: "u" }))))
    if (n.startsWith("+")) assert.ok(catalog.action(n.slice(1).split(" ")[0]!), n);
  // A read CloudFormation makes is undone by nothing.
  const read = needs(byStack(serviceCall("iam", "GetRole", { roleName: "app-role" })));
  assert.ok(!read.some((n) => n.startsWith("+")), read.join("\n"));
});

test("an undoing call inferred for CloudFormation stays seen by its own events", () => {
  const observability = createObservability(catalog);
  for (const action of [
    "iam:DeleteRole",
    "iam:DetachRolePolicy",
    "s3:DeleteBucket",
    "lambda:DeleteFunction",
  ]) {
    const info = catalog.action(action)!;
    assert.equal(observability.classify(info), "management", action);
    assert.equal(observability.traced(info, [MANAGEMENT_ONLY]), true, action);
  }
});
