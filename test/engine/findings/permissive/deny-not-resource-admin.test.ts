import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { ACCOUNT, ownPolicy, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, run, trustDoc } from "./fixture.js";

/**
 * A Deny with NotResource applies to every resource it does not name: an action none of whose
 * resources it names is denied wherever it acts, however a `*` on `*` allows it.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
 */
const FULL = { Effect: "Allow", Action: "*", Resource: "*" };
const outside = (notResource: string | string[], condition?: object) => ({
  Effect: "Deny",
  Action: "*",
  NotResource: notResource,
  ...(condition ? { Condition: condition } : {}),
});

const findings = (...statements: object[]) => {
  const ops = user("ops", ownPolicy(statements));
  const admin = role("admin", {
    trustPolicy: trustDoc({ AWS: `arn:aws:iam::${ACCOUNT}:root` }),
    ...ownPolicy([FULL]),
  });
  const all = run(snapshotWith({ users: [ops], roles: [admin] }));
  return {
    admin: findingsOf(all, "admin-access", ops.arn),
    escalation: findingsOf(all, "privilege-escalation", ops.arn),
  };
};

test("a Deny of everything outside one bucket's objects leaves no administrator", () => {
  assert.deepEqual(findings(FULL, outside("arn:aws:s3:::b/*")).admin, []);
});

test("a Deny outside the account's roles leaves an escalation through them, not an administrator", () => {
  const { admin, escalation } = findings(FULL, outside(`arn:aws:iam::${ACCOUNT}:role/*`));
  assert.deepEqual(admin, []);
  assert.equal(escalation.length, 1);
});

test("a Deny outside a bucket that applies only under a condition keeps the administrator", () => {
  const { admin } = findings(FULL, outside("arn:aws:s3:::b/*", { Bool: { "aws:SecureTransport": "false" } }));
  assert.equal(admin.length, 1);
});

test("a Deny outside a pattern a policy variable fills keeps the administrator", () => {
  const { admin } = findings(FULL, outside("arn:aws:iam::*:user/${aws:username}"));
  assert.equal(admin.length, 1);
});

test("an SCP denying everything outside one bucket's objects is told to deny all the rest", () => {
  const scp = (id: string, name: string, statement: object) => ({
    id,
    arn: `arn:aws:organizations::999988887777:policy/o-guard/service_control_policy/${id}`,
    name,
    document: doc(statement),
  });
  const organization = {
    id: "o-guard",
    scpLevels: [
      {
        targetId: "r-root",
        policies: [
          scp("p-full", "FullAWSAccess", FULL),
          scp("p-bucket", "bucket-only", outside("arn:aws:s3:::b/*")),
        ],
      },
    ],
  };
  const deploy = role("deploy", ownPolicy([FULL]));
  const [admin] = findingsOf(
    run(snapshotWith({ roles: [deploy], organization })),
    "admin-access",
    deploy.arn,
  );
  assert.equal(admin?.evidence.level, "scp-limited");
  assert.ok((admin!.evidence.deniedServices as string[]).includes("iam"));
  assert.doesNotMatch(admin!.detail, /deny 0 actions/);
});
