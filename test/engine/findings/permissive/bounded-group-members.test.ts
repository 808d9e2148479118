import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { User } from "../../../../core/engine/snapshot/model.js";
import { doc } from "../../../helpers/policies.js";
import { ACCOUNT, group, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, pathIds, policyArn, run } from "./fixture.js";

/**
 * A policy given to a group acts for its members, each capped by its own permissions boundary: a
 * group whose every member is bounded to what the caller can already do gains the caller nothing.
 */
const TEAM = `arn:aws:iam::${ACCOUNT}:group/team`;
const GROUP_GRANTS = ["iam-010", "iam-011"];

const caller = (extra: Partial<User> = {}, more: string[] = []) =>
  user("dev", {
    inlinePolicies: [
      {
        name: "work",
        document: doc(
          { Effect: "Allow", Action: ["iam:AttachGroupPolicy", "iam:PutGroupPolicy"], Resource: TEAM },
          { Effect: "Allow", Action: "s3:*", Resource: "*" },
          ...(more.length > 0 ? [{ Effect: "Allow", Action: more, Resource: "*" }] : []),
        ),
      },
    ],
    ...extra,
  });
const member = (name: string, boundary?: string) =>
  user(name, { groups: ["team"], ...(boundary ? { permissionsBoundaryArn: policyArn(boundary) } : {}) });
const fences = {
  ...managed("s3-only", doc({ Effect: "Allow", Action: "s3:*", Resource: "*" })),
  ...managed("s3-and-ec2", doc({ Effect: "Allow", Action: ["s3:*", "ec2:*"], Resource: "*" })),
  // What the caller's own policies allow, and no more.
  ...managed(
    "as-dev",
    doc(
      { Effect: "Allow", Action: ["iam:AttachGroupPolicy", "iam:PutGroupPolicy"], Resource: TEAM },
      { Effect: "Allow", Action: "s3:*", Resource: "*" },
    ),
  ),
};
const groupGrants = (dev: User, members: User[]) => {
  const snapshot = snapshotWith({
    users: [dev, ...members],
    groups: [group("team")],
    managedPolicies: fences,
  });
  const finding = findingsOf(run(snapshot), "privilege-escalation", dev.arn)[0];
  return pathIds(finding).filter((id) => GROUP_GRANTS.includes(id));
};

describe("privilege-escalation through a grant to a group of bounded members", () => {
  test("a group with a member without a boundary escalates", () => {
    assert.deepEqual(groupGrants(caller(), [member("ops", "s3-only"), member("admin")]), GROUP_GRANTS);
  });

  test("a group whose every member is bounded to what the caller has gains the caller nothing", () => {
    assert.deepEqual(groupGrants(caller(), [member("ops", "s3-only"), member("batch", "s3-only")]), []);
  });

  test("the caller as a member counts with its own boundary", () => {
    const bounded = caller({ groups: ["team"], permissionsBoundaryArn: policyArn("as-dev") });
    assert.deepEqual(groupGrants(bounded, [member("ops", "s3-only")]), []);
    assert.deepEqual(groupGrants(caller({ groups: ["team"] }), [member("ops", "s3-only")]), GROUP_GRANTS);
  });

  test("a member whose boundary allows more than the caller has still escalates", () => {
    assert.deepEqual(groupGrants(caller(), [member("ops", "s3-and-ec2")]), GROUP_GRANTS);
  });

  test("a member's boundary the caller can remove or replace caps nothing", () => {
    for (const lift of ["iam:DeleteUserPermissionsBoundary", "iam:PutUserPermissionsBoundary"])
      assert.deepEqual(groupGrants(caller({}, [lift]), [member("ops", "s3-only")]), GROUP_GRANTS, lift);
  });

  // Membership is read from the users' own lists: a group no user names may have members the
  // snapshot does not show, so its grants stay a path.
  test("a group without known members still escalates", () => {
    assert.deepEqual(groupGrants(caller(), []), GROUP_GRANTS);
  });
});
