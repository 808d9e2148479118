import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, policyArn, run, trustDoc } from "./fixture.js";

const ADMIN = doc({ Effect: "Allow", Action: "*", Resource: "*" });
const DEV = "arn:aws:iam::111122223333:user/dev";

/**
 * An admin role whose trust policy names a Principal (with an optional condition), and a caller
 * with no sts:AssumeRole Allow of its own: the chains reported for the caller, if any.
 */
function chains(
  principal: unknown,
  condition?: object,
  caller: { kind?: "user" | "role"; policies?: object[]; boundary?: object; scp?: object } = {},
) {
  const admin = role("admin", {
    trustPolicy: trustDoc(principal, condition),
    attachedPolicyArns: [policyArn("admin")],
  });
  const own = (caller.policies ?? []).map((_, i) => policyArn(`own-${i}`));
  const extra = {
    attachedPolicyArns: own,
    ...(caller.boundary ? { permissionsBoundaryArn: policyArn("boundary") } : {}),
  };
  const asRole = caller.kind === "role" ? role("dev", extra) : undefined;
  const asUser = asRole ? undefined : user("dev", extra);
  const subject = asRole ?? asUser!;
  const snapshot = snapshotWith({
    users: asUser ? [asUser] : [],
    roles: asRole ? [asRole, admin] : [admin],
    managedPolicies: {
      ...managed("admin", ADMIN),
      ...Object.assign({}, ...(caller.policies ?? []).map((p, i) => managed(`own-${i}`, p))),
      ...(caller.boundary ? managed("boundary", caller.boundary) : {}),
    },
    ...(caller.scp
      ? {
          organization: {
            managementAccountId: "999999999999",
            scpLevels: [
              {
                targetId: "r-root",
                policies: [
                  {
                    id: "p-1",
                    arn: "arn:aws:organizations::999999999999:policy/o-x/service_control_policy/p-1",
                    name: "guard",
                    document: caller.scp,
                  },
                ],
              },
            ],
          },
        }
      : {}),
  });
  const finding = findingsOf(run(snapshot), "privilege-escalation", subject.arn)[0];
  // A chain the SCPs deny is reported as such (low), not as a path the caller can take.
  if (finding?.evidence.deniedBy) return undefined;
  return finding?.evidence.chains as
    | { roles: { arn: string; via: string; certainty: string }[]; certainty: string }[]
    | undefined;
}

describe("a trust policy granting `*` lets a principal of the account in without an identity Allow", () => {
  test("`*` narrowed to the caller by aws:PrincipalArn grants it directly", () => {
    for (const operator of ["ArnEquals", "ArnLike", "StringEquals"]) {
      const found = chains({ AWS: "*" }, { [operator]: { "aws:PrincipalArn": DEV } });
      assert.deepEqual(
        found?.map((c) => [c.roles.map((r) => r.via), c.certainty]),
        [[["anyone"], "yes"]],
        operator,
      );
    }
    assert.ok(chains("*", { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111122223333:user/d*" } }));
  });

  test("`*` narrowed to the account, or not narrowed, grants every principal of it", () => {
    assert.ok(chains({ AWS: "*" }, { StringEquals: { "aws:PrincipalAccount": "111122223333" } }));
    assert.ok(chains({ AWS: "*" }));
  });

  test("a condition naming someone else, or trusting the account itself, still needs an identity Allow", () => {
    assert.equal(
      chains({ AWS: "*" }, { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::111122223333:user/ops" } }),
      undefined,
    );
    assert.equal(
      chains({ AWS: "*" }, { StringEquals: { "aws:PrincipalAccount": "444455556666" } }),
      undefined,
    );
    assert.equal(chains({ AWS: "arn:aws:iam::111122223333:root" }), undefined);
  });

  test("an explicit Deny of sts:AssumeRole in the caller's policies, or an SCP, still refuses", () => {
    const deny = doc({ Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" });
    const condition = { ArnEquals: { "aws:PrincipalArn": DEV } };
    assert.equal(chains({ AWS: "*" }, condition, { policies: [deny] }), undefined);
    const scp = (action: string) => ({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "*", Resource: "*" },
        { Effect: "Deny", Action: action, Resource: "*" },
      ],
    });
    assert.equal(chains({ AWS: "*" }, condition, { scp: scp("sts:AssumeRole") }), undefined);
    assert.ok(chains({ AWS: "*" }, condition, { scp: scp("s3:DeleteBucket") }), "an SCP that allows it");
  });

  test("a permissions boundary does not limit the grant, for a user or a role", () => {
    const boundary = doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" });
    assert.ok(chains({ AWS: "*" }, { ArnEquals: { "aws:PrincipalArn": DEV } }, { boundary }));
    const roleArn = "arn:aws:iam::111122223333:role/dev";
    assert.ok(
      chains({ AWS: "*" }, { ArnEquals: { "aws:PrincipalArn": roleArn } }, { kind: "role", boundary }),
    );
  });
});

describe("a trust policy naming a session of the caller's role lets it in within its account", () => {
  const boundary = doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" });
  const session = { AWS: "arn:aws:sts::111122223333:assumed-role/dev/build" };

  test("a permissions boundary without sts:AssumeRole does not limit a grant to the role's session", () => {
    const found = chains(session, undefined, { kind: "role", boundary });
    assert.deepEqual(
      found?.map((c) => [c.roles.map((r) => r.via), c.certainty]),
      [[["named"], "yes"]],
    );
  });

  test("the same boundary limits a grant to the role's ARN", () => {
    assert.equal(
      chains({ AWS: "arn:aws:iam::111122223333:role/dev" }, undefined, { kind: "role", boundary }),
      undefined,
    );
    assert.ok(chains({ AWS: "arn:aws:iam::111122223333:role/dev" }, undefined, { kind: "role" }));
  });

  test("an explicit Deny of sts:AssumeRole in the caller's policies, or an SCP, still refuses the session", () => {
    const deny = doc({ Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" });
    assert.equal(chains(session, undefined, { kind: "role", boundary, policies: [deny] }), undefined);
    const scp = {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "*", Resource: "*" },
        { Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" },
      ],
    };
    assert.equal(chains(session, undefined, { kind: "role", boundary, scp }), undefined);
  });
});

describe("a Deny of sts:AssumeRole that may apply leaves a direct grant conditional", () => {
  // Inside one account an explicit Deny in any policy overrides the trust policy's Allow, so a
  // Deny under a condition the caller may not escape (here: off the corporate network) may refuse it.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
  const offNetwork = doc({
    Effect: "Deny",
    Action: "sts:AssumeRole",
    Resource: "*",
    Condition: { NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
  });
  const certainty = (found: ReturnType<typeof chains>) => found?.map((c) => c.certainty);
  const roleArn = "arn:aws:iam::111122223333:role/dev";
  const session = { AWS: "arn:aws:sts::111122223333:assumed-role/dev/build" };

  test("in the caller's own policies, for a grant naming it, its session or `*`", () => {
    assert.deepEqual(certainty(chains({ AWS: DEV }, undefined, { policies: [offNetwork] })), ["maybe"]);
    assert.deepEqual(
      certainty(chains({ AWS: roleArn }, undefined, { kind: "role", policies: [offNetwork] })),
      ["maybe"],
    );
    assert.deepEqual(certainty(chains(session, undefined, { kind: "role", policies: [offNetwork] })), [
      "maybe",
    ]);
    const onlyDev = { ArnEquals: { "aws:PrincipalArn": DEV } };
    assert.deepEqual(certainty(chains({ AWS: "*" }, onlyDev, { policies: [offNetwork] })), ["maybe"]);
  });

  test("in a permissions boundary that does not limit the grant", () => {
    const boundary = doc({ Effect: "Allow", Action: "*", Resource: "*" }, offNetwork.Statement[0]!);
    assert.deepEqual(certainty(chains({ AWS: DEV }, undefined, { boundary })), ["maybe"]);
    assert.deepEqual(certainty(chains(session, undefined, { kind: "role", boundary })), ["maybe"]);
  });
});
