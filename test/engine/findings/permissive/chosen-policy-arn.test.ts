import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { ACCOUNT, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, policyArn, run } from "./fixture.js";

/**
 * iam:PolicyARN (of Attach*Policy) and iam:PermissionsBoundary (of Put*PermissionsBoundary) name
 * the policy the caller chose to attach: a condition on them is met by picking a policy it allows.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html
 */
const AWS_ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
const IAM_FULL = "arn:aws:iam::aws:policy/IAMFullAccess";
const READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
const DEV = `arn:aws:iam::${ACCOUNT}:user/dev`;
const attachSelf = (condition?: object) => ({
  Effect: "Allow",
  Action: "iam:AttachUserPolicy",
  Resource: DEV,
  ...(condition ? { Condition: condition } : {}),
});

interface Step {
  action: string;
  certainty: string;
  policyArn?: string;
}

/** User dev with the statements given: its privilege-escalation finding and the iam-008 path's step. */
function escalation(statements: object[], extra: Parameters<typeof snapshotWith>[0] = {}) {
  const dev = user("dev", { attachedPolicyArns: [policyArn("dev")] });
  const snapshot = snapshotWith({
    users: [dev],
    ...extra,
    managedPolicies: { ...managed("dev", doc(...statements)), ...extra.managedPolicies },
  });
  const finding = findingsOf(run(snapshot), "privilege-escalation", DEV)[0];
  const paths = (finding?.evidence.paths ?? []) as { id: string; certainty: string; steps: Step[] }[];
  return { finding, attach: paths.find((p) => p.id === "iam-008") };
}

describe("privilege-escalation through a condition on the policy attached", () => {
  test("every policy but AdministratorAccess: attaching IAMFullAccess is certain", () => {
    const { finding, attach } = escalation([attachSelf({ ArnNotEquals: { "iam:PolicyARN": AWS_ADMIN } })]);
    assert.equal(finding?.severity, "high");
    assert.equal(attach?.certainty, "yes");
    assert.equal(attach?.steps[0]?.policyArn, IAM_FULL);
  });

  test("a Deny of attaching AdministratorAccess leaves IAMFullAccess to attach", () => {
    const { finding, attach } = escalation([
      attachSelf(),
      {
        Effect: "Deny",
        Action: "iam:AttachUserPolicy",
        Resource: "*",
        Condition: { ArnEquals: { "iam:PolicyARN": AWS_ADMIN } },
      },
    ]);
    assert.equal(finding?.severity, "high");
    assert.equal(attach?.steps[0]?.policyArn, IAM_FULL);
  });

  test("only the account's own policies, and the caller may create one: certain", () => {
    const own = { ArnLike: { "iam:PolicyARN": `arn:aws:iam::${ACCOUNT}:policy/*` } };
    const { finding, attach } = escalation([
      attachSelf(own),
      { Effect: "Allow", Action: "iam:CreatePolicy", Resource: "*" },
    ]);
    assert.equal(finding?.severity, "high");
    assert.equal(attach?.certainty, "yes");
    assert.match(attach?.steps[0]?.policyArn ?? "", new RegExp(`^arn:aws:iam::${ACCOUNT}:policy/`));
  });

  test("a policy the caller may create only under a prefix the condition also allows: certain", () => {
    const team = `arn:aws:iam::${ACCOUNT}:policy/team-*`;
    const { finding, attach } = escalation([
      attachSelf({ ArnLike: { "iam:PolicyARN": team } }),
      { Effect: "Allow", Action: "iam:CreatePolicy", Resource: team },
    ]);
    assert.equal(finding?.severity, "high");
    assert.match(attach?.steps[0]?.policyArn ?? "", new RegExp(`^arn:aws:iam::${ACCOUNT}:policy/team-`));
  });

  test("a policy named after the caller itself, which it may create: certain", () => {
    const mine = `arn:aws:iam::${ACCOUNT}:policy/\${aws:username}-*`;
    const { finding, attach } = escalation([
      attachSelf({ ArnLike: { "iam:PolicyARN": mine } }),
      { Effect: "Allow", Action: "iam:CreatePolicy", Resource: mine },
    ]);
    assert.equal(finding?.severity, "high");
    assert.match(attach?.steps[0]?.policyArn ?? "", new RegExp(`^arn:aws:iam::${ACCOUNT}:policy/dev-`));
  });

  test("only the account's own policies, and the caller cannot create one: still conditional", () => {
    const own = { ArnLike: { "iam:PolicyARN": `arn:aws:iam::${ACCOUNT}:policy/*` } };
    const { finding, attach } = escalation([attachSelf(own)]);
    assert.equal(finding?.severity, "medium");
    assert.equal(attach?.certainty, "maybe");
    assert.equal(attach?.steps[0]?.policyArn, undefined);
  });

  test("an existing policy of the account that grants everything, named by the condition: certain", () => {
    const { finding, attach } = escalation(
      [attachSelf({ ArnEquals: { "iam:PolicyARN": policyArn("admin") } })],
      {
        managedPolicies: managed("admin", doc({ Effect: "Allow", Action: "*", Resource: "*" })),
      },
    );
    assert.equal(finding?.severity, "high");
    assert.equal(attach?.steps[0]?.policyArn, policyArn("admin"));
  });

  test("only ReadOnlyAccess: attaching it is not a certain escalation", () => {
    const { finding, attach } = escalation([attachSelf({ ArnEquals: { "iam:PolicyARN": READ_ONLY } })]);
    assert.equal(finding?.severity, "medium");
    assert.equal(attach?.certainty, "maybe");
    assert.equal(attach?.steps[0]?.policyArn, undefined);
  });

  test("only a harmless policy of the account: not a certain escalation", () => {
    const { finding } = escalation([attachSelf({ ArnEquals: { "iam:PolicyARN": policyArn("reader") } })], {
      managedPolicies: managed("reader", doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" })),
    });
    assert.equal(finding?.severity, "medium");
  });
});

describe("privilege-escalation through a condition on the boundary put", () => {
  const bounded = (fence: object) =>
    escalation([{ Effect: "Allow", Action: "*", Resource: "*" }], {
      users: [
        user("dev", { attachedPolicyArns: [policyArn("dev")], permissionsBoundaryArn: policyArn("fence") }),
      ],
      managedPolicies: managed(
        "fence",
        doc(
          { Effect: "Allow", Action: "s3:*", Resource: "*" },
          { Effect: "Allow", Action: "iam:PutUserPermissionsBoundary", Resource: DEV, Condition: fence },
        ),
      ),
    });
  const replaced = (finding: ReturnType<typeof bounded>["finding"]) =>
    ((finding?.evidence.paths ?? []) as { id: string; certainty: string; steps: Step[] }[]).find(
      (p) => p.id === "whittle-replace-own-user-boundary",
    );

  test("any boundary but the one it has: putting AdministratorAccess is certain", () => {
    const { finding } = bounded({ ArnNotEquals: { "iam:PermissionsBoundary": policyArn("fence") } });
    assert.equal(finding?.severity, "high");
    assert.equal(replaced(finding)?.steps[0]?.policyArn, AWS_ADMIN);
  });

  test("only the boundary it has: not a certain escalation", () => {
    const { finding } = bounded({ ArnEquals: { "iam:PermissionsBoundary": policyArn("fence") } });
    assert.equal(finding?.severity, "medium");
    assert.equal(replaced(finding)?.certainty, "maybe");
  });
});

describe("a chosen policy under the caller's own boundary", () => {
  // The boundary caps what IAMFullAccess attached can give, but even a fence allowing only s3:* and
  // the attach itself leaves a gain: the attach, pinned to IAMFullAccess before, is then allowed for
  // any policy, and AdministratorAccess attached next brings the fence's s3:*.
  const fenced = (fence: object[]) =>
    escalation([attachSelf({ ArnEquals: { "iam:PolicyARN": IAM_FULL } })], {
      users: [
        user("dev", { attachedPolicyArns: [policyArn("dev")], permissionsBoundaryArn: policyArn("fence") }),
      ],
      managedPolicies: managed("fence", doc(...fence)),
    });

  test("IAMFullAccess within a boundary that allows s3:* and the attach: certain, through AdministratorAccess next", () => {
    const { finding, attach } = fenced([
      { Effect: "Allow", Action: "s3:*", Resource: "*" },
      { Effect: "Allow", Action: "iam:AttachUserPolicy", Resource: DEV },
    ]);
    assert.equal(attach?.certainty, "yes");
    assert.equal(attach?.steps[0]?.policyArn, IAM_FULL);
    assert.equal(finding?.severity, "high");
  });

  test("control: IAMFullAccess within a boundary that allows iam:PutUserPolicy is certain", () => {
    const { attach } = fenced([{ Effect: "Allow", Action: ["s3:*", "iam:*"], Resource: "*" }]);
    assert.equal(attach?.certainty, "yes");
    assert.equal(attach?.steps[0]?.policyArn, IAM_FULL);
  });
});
