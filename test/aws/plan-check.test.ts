import assert from "node:assert/strict";
import { test } from "node:test";
import { NoSuchEntityException } from "@aws-sdk/client-iam";
import type { Iam } from "../../core/aws/iam-state.js";
import { checkPlan } from "../../core/aws/plan-apply.js";
import type { Plan } from "../../core/engine/report/schema.js";

/** IAM of an account where the user has no policies and no policy exists: it records what it is asked. */
function emptyIam(asked: string[]): Iam {
  return {
    send: (async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const name = command.constructor.name;
      if (name === "GetPolicyCommand") {
        asked.push(String(command.input.PolicyArn));
        throw new NoSuchEntityException({ message: "no such policy", $metadata: {} });
      }
      if (name === "ListAttachedUserPoliciesCommand") return { AttachedPolicies: [] };
      if (name === "ListUserPoliciesCommand") return { PolicyNames: [] };
      if (name === "ListGroupsForUserCommand") return { Groups: [] };
      throw new Error(`unexpected ${name}`);
    }) as Iam["send"],
  };
}

test("the policies a plan creates are named in the target's partition", async () => {
  const user = "arn:aws-cn:iam::123456789012:user/ann";
  const plan = {
    id: "plan-1",
    target: { type: "user", arn: user, name: "ann" },
    create: [{ name: "whittle-ann", document: { Version: "2012-10-17", Statement: [] } }],
    attach: ["whittle-ann"],
    detach: [],
    deleteInline: [],
    before: {
      principals: [{ arn: user, type: "user", name: "ann", attached: [], inline: [] }],
      policies: [],
    },
  } as unknown as Plan;
  const asked: string[] = [];
  const { creates } = await checkPlan(emptyIam(asked), plan);
  assert.deepEqual(creates, ["arn:aws-cn:iam::123456789012:policy/whittle-ann"]);
  assert.deepEqual(asked, creates, "the name clash is checked on the ARN apply attaches");
});
