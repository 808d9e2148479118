import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { ACCOUNT, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, run } from "./fixture.js";

/**
 * An inline policy put on a role gives its permissions to whoever holds a session of it. A trust
 * policy without an Allow starts no session, but one started before it was emptied still acts
 * with the role's policies as they are at each call: the grant is a path someone may take.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage_modify.html
 */
const TARGET = `arn:aws:iam::${ACCOUNT}:role/target`;
const NO_ONE = doc({ Effect: "Deny", Principal: { AWS: "*" }, Action: "sts:AssumeRole" });

const iam005 = (trustPolicy: object, more: string[] = []) => {
  const dev = user("dev", {
    inlinePolicies: [
      {
        name: "work",
        document: doc({ Effect: "Allow", Action: ["iam:PutRolePolicy", ...more], Resource: TARGET }),
      },
    ],
  });
  const snapshot = snapshotWith({ users: [dev], roles: [role("target", { trustPolicy })] });
  const [finding] = findingsOf(run(snapshot), "privilege-escalation", dev.arn);
  const paths = (finding?.evidence.paths ?? []) as { id: string; certainty: string }[];
  return paths.find((p) => p.id === "iam-005")?.certainty;
};

test("a policy put on a role whose trust policy allows no one is a path someone may take", () => {
  assert.equal(iam005(NO_ONE), "maybe");
});

test("a caller that may also rewrite that trust policy takes the path for certain", () => {
  assert.equal(iam005(NO_ONE, ["iam:UpdateAssumeRolePolicy"]), "yes");
});

// IAM refuses a policy without statements: a snapshot showing one does not show what the role trusts.
test("a trust policy the snapshot holds without statements is not read as allowing no one", () => {
  assert.equal(iam005({ Version: "2012-10-17", Statement: [] }), "yes");
});
