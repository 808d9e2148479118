import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { ACCOUNT, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, pathIds, policyArn, run, trustDoc } from "./fixture.js";

/**
 * A policy given to another user or role is capped by that principal's permissions boundary: the
 * caller who then acts as it gains only what the boundary allows and it cannot do already.
 */
const APP = `arn:aws:iam::${ACCOUNT}:role/app`;
const FROM_OFFICE = { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } };
const caller = (more: string[] = [], onlyFromOffice: string[] = []) =>
  user("dev", {
    inlinePolicies: [
      {
        name: "work",
        document: doc(
          { Effect: "Allow", Action: ["iam:AttachRolePolicy", "sts:AssumeRole", ...more], Resource: APP },
          { Effect: "Allow", Action: "s3:*", Resource: "*" },
          ...onlyFromOffice.map((action) => ({
            Effect: "Allow",
            Action: action,
            Resource: APP,
            Condition: FROM_OFFICE,
          })),
        ),
      },
    ],
  });
const app = (boundary?: string) =>
  role("app", {
    trustPolicy: trustDoc({ AWS: `arn:aws:iam::${ACCOUNT}:user/dev` }),
    ...(boundary ? { permissionsBoundaryArn: policyArn(boundary) } : {}),
  });
const fences = {
  ...managed("s3-only", doc({ Effect: "Allow", Action: "s3:*", Resource: "*" })),
  ...managed("s3-and-ec2", doc({ Effect: "Allow", Action: ["s3:*", "ec2:*"], Resource: "*" })),
};
const escalation = (grantee: ReturnType<typeof app>, more: string[] = [], onlyFromOffice: string[] = []) => {
  const dev = caller(more, onlyFromOffice);
  const snapshot = snapshotWith({ users: [dev], roles: [grantee], managedPolicies: fences });
  return findingsOf(run(snapshot), "privilege-escalation", dev.arn)[0];
};

describe("privilege-escalation through a grant to a bounded principal", () => {
  test("attaching a policy to a role the caller can assume escalates when the role has no boundary", () => {
    assert.ok(pathIds(escalation(app())).includes("iam-009"));
  });

  test("a role whose boundary allows only what the caller has gains the caller nothing", () => {
    assert.equal(escalation(app("s3-only")), undefined);
  });

  test("a role whose boundary allows more than the caller has still escalates", () => {
    assert.ok(pathIds(escalation(app("s3-and-ec2"))).includes("iam-009"));
  });

  test("a boundary the caller can also remove or replace caps nothing: the grant still escalates", () => {
    for (const lift of ["iam:DeleteRolePermissionsBoundary", "iam:PutRolePermissionsBoundary"])
      assert.notEqual(escalation(app("s3-only"), [lift]), undefined, lift);
  });

  // The grant is a path only where the lift's condition holds, which no call is sure to meet.
  test("a boundary the caller may lift only under a condition leaves the grant a path it may take", () => {
    for (const lift of ["iam:DeleteRolePermissionsBoundary", "iam:PutRolePermissionsBoundary"]) {
      const finding = escalation(app("s3-only"), [], [lift]);
      const paths = (finding?.evidence.paths ?? []) as { id: string; certainty: string }[];
      assert.deepEqual(
        paths.map((p) => [p.id, p.certainty]),
        [["iam-009", "maybe"]],
        lift,
      );
    }
  });
});
