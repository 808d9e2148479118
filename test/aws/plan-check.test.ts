import assert from "node:assert/strict";
import { test } from "node:test";
import { NoSuchEntityException } from "@aws-sdk/client-iam";
import { type Iam, readPolicy } from "../../core/aws/iam-state.js";
import { checkPlan } from "../../core/aws/plan-check.js";
import { PlanDriftError, PlanInputError } from "../../core/aws/plan-errors.js";
import type { Plan } from "../../core/engine/report/schema.js";

/**
 * IAM of an account where the user `userArn` has no policies and no policy exists: it records
 * what it is asked.
 */
function emptyIam(asked: string[], userArn: string): Iam {
  return {
    send: (async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const name = command.constructor.name;
      if (name === "GetPolicyCommand") {
        asked.push(String(command.input.PolicyArn));
        throw new NoSuchEntityException({ message: "no such policy", $metadata: {} });
      }
      if (name === "GetUserCommand") return { User: { UserName: "ann", Arn: userArn } };
      if (name === "ListAttachedUserPoliciesCommand") return { AttachedPolicies: [] };
      if (name === "ListUserPoliciesCommand") return { PolicyNames: [] };
      if (name === "ListGroupsForUserCommand") return { Groups: [] };
      throw new Error(`unexpected ${name}`);
    }) as Iam["send"],
  };
}

const planOf = (user: string) =>
  ({
    id: "plan-1",
    target: { type: "user", arn: user, name: "ann" },
    // Within what ann holds (nothing): it only denies.
    create: [
      {
        name: "whittle-ann",
        document: {
          Version: "2012-10-17",
          Statement: [{ Sid: "None", Effect: "Deny", Action: ["s3:*"], Resource: ["*"] }],
        },
      },
    ],
    attach: ["whittle-ann"],
    detach: [],
    deleteInline: [],
    checks: { withinCurrent: true, coversObserved: true },
    proofs: [{ principalArn: user, withinCurrent: true, coversObserved: true, violations: [] }],
    before: {
      principals: [{ arn: user, type: "user", name: "ann", attached: [], inline: [], boundary: null }],
      policies: [],
    },
  }) as unknown as Plan;

test("the policies a plan creates are named in the target's partition", async () => {
  const user = "arn:aws-cn:iam::123456789012:user/ann";
  const asked: string[] = [];
  const { creates } = await checkPlan(emptyIam(asked, user), planOf(user));
  assert.deepEqual(creates, ["arn:aws-cn:iam::123456789012:policy/whittle-ann"]);
  assert.deepEqual(asked, creates, "the name clash is checked on the ARN apply attaches");
});

test("refuses a plan of another account whose names these credentials also reach, asking IAM nothing more", async () => {
  // A StackSet makes the same user, with the same policies, in every account of an organization.
  const asked: string[] = [];
  const plan = planOf("arn:aws:iam::123456789012:user/ann");
  await assert.rejects(checkPlan(emptyIam(asked, "arn:aws:iam::210987654321:user/ann"), plan), (error) => {
    assert.ok(error instanceof PlanInputError, String(error));
    assert.match(error.message, /these credentials reach arn:aws:iam::210987654321:user\/ann/);
    return true;
  });
  assert.deepEqual(asked, []);
});

test("a user of the plan's name at another path is not the one audited", async () => {
  const plan = planOf("arn:aws:iam::123456789012:user/ann");
  await assert.rejects(
    checkPlan(emptyIam([], "arn:aws:iam::123456789012:user/ops/ann"), plan),
    /user\/ann is now arn:aws:iam::123456789012:user\/ops\/ann/,
  );
});

test("refuses a plan whose proofs do not hold, asking IAM nothing", async () => {
  const user = "arn:aws:iam::123456789012:user/ann";
  const plan = planOf(user);
  plan.proofs[0]!.coversObserved = false;
  const asked: string[] = [];
  const iam = emptyIam(asked, user);
  const send = iam.send;
  let calls = 0;
  iam.send = ((command: never) => {
    calls++;
    return send(command);
  }) as Iam["send"];
  await assert.rejects(checkPlan(iam, plan), (error) => {
    assert.ok(error instanceof PlanInputError, String(error));
    assert.match(error.message, /proofs do not hold for arn:aws:iam::123456789012:user\/ann/);
    return true;
  });
  assert.equal(calls, 0);
});

/**
 * IAM of an account where the customer managed policy `shared` is attached to user ben and is role
 * ops's permissions boundary; ListEntitiesForPolicy answers as AWS does, boundaries included unless
 * PolicyUsageFilter says otherwise. It records the inputs of those calls.
 */
function sharedAsBoundary(listed: Record<string, unknown>[]): Iam {
  const document = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] };
  return {
    send: (async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const name = command.constructor.name;
      if (name === "GetPolicyCommand")
        return { Policy: { DefaultVersionId: "v1", PermissionsBoundaryUsageCount: 1 } };
      if (name === "ListPolicyVersionsCommand") return { Versions: [{ VersionId: "v1" }] };
      if (name === "GetPolicyVersionCommand")
        return { PolicyVersion: { Document: encodeURIComponent(JSON.stringify(document)) } };
      if (name === "ListEntitiesForPolicyCommand") {
        listed.push(command.input);
        const usage = command.input.PolicyUsageFilter;
        return {
          PolicyUsers: usage === "PermissionsBoundary" ? [] : [{ UserName: "ben" }],
          PolicyRoles: usage === "PermissionsPolicy" ? [] : [{ RoleName: "ops" }],
        };
      }
      throw new Error(`unexpected ${name}`);
    }) as Iam["send"],
  };
}

test("a policy that is also a permissions boundary is attached only where it is attached", async () => {
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListEntitiesForPolicy.html: without
  // PolicyUsageFilter, the principals a policy bounds are listed beside those it is attached to.
  const listed: Record<string, unknown>[] = [];
  const policy = await readPolicy(sharedAsBoundary(listed), "arn:aws:iam::123456789012:policy/shared");
  assert.deepEqual(policy?.attachedTo, ["user/ben"]);
  assert.ok(listed.length > 0);
  for (const input of listed) assert.equal(input.PolicyUsageFilter, "PermissionsPolicy");
});

test("refuses, as drift, a plan for a policy that bounds a role: the new version would narrow the role unproven", async () => {
  // The audit makes no plan for a policy that is a permissions boundary: one now is a change since.
  const shared = "arn:aws:iam::123456789012:policy/shared";
  const plan = {
    ...planOf("arn:aws:iam::123456789012:user/ben"),
    target: { type: "policy", arn: shared, name: "shared" },
    before: {
      principals: [],
      policies: [
        {
          arn: shared,
          name: "shared",
          path: "/",
          defaultVersionId: "v1",
          document: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }],
          },
          attachedTo: ["arn:aws:iam::123456789012:user/ben"],
        },
      ],
    },
  } as unknown as Plan;
  await assert.rejects(checkPlan(sharedAsBoundary([]), plan), (error) => {
    assert.ok(error instanceof PlanDriftError, String(error));
    assert.match(error.message, /policy\/shared is now the permissions boundary of role\/ops/);
    assert.doesNotMatch(error.message, /attachments/, "its attachments are as the audit saw them");
    return true;
  });
});
