import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, pathIds, policyArn, run } from "./fixture.js";

/**
 * A permissions boundary the snapshot names but holds no document for (a GAAD filtered to some
 * policies, a policy deleted since) caps by what no one has read: the principal's permissions
 * are conditional, never certain, and never left out.
 */
const ADMIN = doc({ Effect: "Allow", Action: "*", Resource: "*" });
const gone = policyArn("deleted-fence");

describe("a permissions boundary the snapshot has no document for", () => {
  test("an Allow * user or role under it is a conditional administrator, not a certain one nor none", () => {
    const dev = user("dev", { attachedPolicyArns: [policyArn("admin")], permissionsBoundaryArn: gone });
    const app = role("app", { attachedPolicyArns: [policyArn("admin")], permissionsBoundaryArn: gone });
    const findings = run(
      snapshotWith({ users: [dev], roles: [app], managedPolicies: managed("admin", ADMIN) }),
    );
    for (const arn of [dev.arn, app.arn]) {
      const [admin] = findingsOf(findings, "admin-access", arn);
      assert.equal(admin?.evidence.level, "conditional", arn);
      assert.equal(admin?.severity, "high", arn);
      assert.match(admin!.detail, new RegExp(`boundary ${gone} was not read in full`), arn);
    }
  });

  test("its escalation paths stay reported, as maybe rather than certain", () => {
    const dev = user("dev", { attachedPolicyArns: [policyArn("own")], permissionsBoundaryArn: gone });
    const own = doc({ Effect: "Allow", Action: ["s3:*", "iam:PutUserPolicy"], Resource: "*" });
    const [finding] = findingsOf(
      run(snapshotWith({ users: [dev], managedPolicies: managed("own", own) })),
      "privilege-escalation",
      dev.arn,
    );
    assert.deepEqual(pathIds(finding), ["iam-007"]);
    const paths = finding!.evidence.paths as { certainty: string }[];
    assert.deepEqual(
      paths.map((p) => p.certainty),
      ["maybe"],
    );
  });

  test("a boundary whose document cannot be read at all is unknown in the same way", () => {
    const dev = user("dev", {
      attachedPolicyArns: [policyArn("admin")],
      permissionsBoundaryArn: policyArn("fence"),
    });
    const snapshot = snapshotWith({
      users: [dev],
      managedPolicies: { ...managed("admin", ADMIN), ...managed("fence", "not a policy") },
    });
    const [admin] = findingsOf(run(snapshot), "admin-access", dev.arn);
    assert.equal(admin?.evidence.level, "conditional");
  });

  test("a boundary the snapshot holds still decides as it did", () => {
    const dev = user("dev", {
      attachedPolicyArns: [policyArn("admin")],
      permissionsBoundaryArn: policyArn("fence"),
    });
    const snapshot = snapshotWith({
      users: [dev],
      managedPolicies: { ...managed("admin", ADMIN), ...managed("fence", ADMIN) },
    });
    assert.equal(findingsOf(run(snapshot), "admin-access", dev.arn)[0]?.evidence.level, "certain");
  });
});

/** A statement no policy AWS stores could hold: its Sid is longer than any string IAM accepts. */
const unreadable = (statement: object) => ({ Sid: "x".repeat(40_000), ...statement });

describe("a permissions boundary read only in part", () => {
  const fence = (...statements: object[]) =>
    managed("fence", { Version: "2012-10-17", Statement: statements });
  const bounded = (name: string, own: string) =>
    user(name, { attachedPolicyArns: [policyArn(own)], permissionsBoundaryArn: policyArn("fence") });

  test("a left-out Allow makes an Allow * user a conditional administrator naming the boundary, not none", () => {
    const dev = bounded("dev", "admin");
    const snapshot = snapshotWith({
      users: [dev],
      managedPolicies: {
        ...managed("admin", ADMIN),
        ...fence(
          { Effect: "Allow", Action: "s3:*", Resource: "*" },
          unreadable({ Effect: "Allow", Action: "iam:*", Resource: "*" }),
        ),
      },
    });
    const [admin] = findingsOf(run(snapshot), "admin-access", dev.arn);
    assert.equal(admin?.evidence.level, "conditional");
    assert.match(admin!.detail, new RegExp(`boundary ${policyArn("fence")} was not read in full`));
  });

  test("what the read statements allow stays certain; a path only the left-out statement could allow is maybe", () => {
    const dev = bounded("dev", "own");
    const own = doc({ Effect: "Allow", Action: ["s3:*", "iam:PutUserPolicy"], Resource: "*" });
    const findings = run(
      snapshotWith({
        users: [dev],
        managedPolicies: {
          ...managed("own", own),
          ...fence(
            { Effect: "Allow", Action: "s3:*", Resource: "*" },
            unreadable({ Effect: "Allow", Action: "iam:*", Resource: "*" }),
          ),
        },
      }),
    );
    const [finding] = findingsOf(findings, "privilege-escalation", dev.arn);
    assert.deepEqual(pathIds(finding), ["iam-007"]);
    const paths = finding!.evidence.paths as { certainty: string }[];
    assert.deepEqual(
      paths.map((p) => p.certainty),
      ["maybe"],
    );
  });

  test("a Statement element that cannot be read at all leaves the boundary unknown, not allowing nothing", () => {
    const dev = bounded("dev", "admin");
    const snapshot = snapshotWith({
      users: [dev],
      managedPolicies: {
        ...managed("admin", ADMIN),
        ...managed("fence", { Version: "2012-10-17", Statement: "*" }),
      },
    });
    assert.equal(findingsOf(run(snapshot), "admin-access", dev.arn)[0]?.evidence.level, "conditional");
  });

  test("a left-out statement that reads plainly as Deny could only take away: the rest decides as read", () => {
    const dev = bounded("dev", "admin");
    const snapshot = snapshotWith({
      users: [dev],
      managedPolicies: {
        ...managed("admin", ADMIN),
        ...fence(
          { Effect: "Allow", Action: "*", Resource: "*" },
          unreadable({ Effect: "Deny", Action: "iam:*", Resource: "*" }),
        ),
      },
    });
    const [admin] = findingsOf(run(snapshot), "admin-access", dev.arn);
    assert.equal(admin?.evidence.level, "certain");
  });

  test("a boundary read in full names no boundary in the detail of a conditional administrator", () => {
    const dev = bounded("dev", "admin");
    const snapshot = snapshotWith({
      users: [dev],
      managedPolicies: {
        ...managed(
          "admin",
          doc({
            Effect: "Allow",
            Action: "*",
            Resource: "*",
            Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
          }),
        ),
        ...fence({ Effect: "Allow", Action: "*", Resource: "*" }),
      },
    });
    const [admin] = findingsOf(run(snapshot), "admin-access", dev.arn);
    assert.equal(admin?.evidence.level, "conditional");
    assert.doesNotMatch(admin!.detail, /boundary/);
  });
});
