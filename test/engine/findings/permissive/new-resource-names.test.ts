import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Snapshot } from "../../../../core/engine/snapshot/model.js";
import { doc } from "../../../helpers/policies.js";
import { ACCOUNT, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { organizationWith } from "../../organization/org-fixture.js";
import { findingsOf, managed, pathIds, policyArn, run, trustDoc } from "./fixture.js";

/**
 * A guardrail that denies everything except on some names (Deny … NotResource) leaves those names
 * open: a caller allowed to create a user or role anywhere creates one under such a name and
 * escalates through it, however the name Whittle would otherwise pick for a new resource fares.
 */
const svcUsers = `arn:aws:iam::${ACCOUNT}:user/svc-*`;
const appRoles = `arn:aws:iam::${ACCOUNT}:role/app-*`;
const appFunctions = `arn:aws:lambda:*:${ACCOUNT}:function:app-*`;
const NEW_USER = ["iam:CreateUser", "iam:AttachUserPolicy", "iam:CreateAccessKey"];

const guarded = (allow: object, ...denies: object[]) =>
  user("dev", { inlinePolicies: [{ name: "provision", document: doc(allow, ...denies) }] });
const escalation = (snapshot: Snapshot, arn: string) =>
  findingsOf(run(snapshot), "privilege-escalation", arn)[0];

describe("privilege-escalation through a new resource named to escape a Deny's NotResource", () => {
  test("a user named like svc-* escapes `Deny iam:* NotResource user/svc-*`", () => {
    const dev = guarded(
      { Effect: "Allow", Action: NEW_USER, Resource: "*" },
      { Effect: "Deny", Action: "iam:*", NotResource: svcUsers },
    );
    const finding = escalation(snapshotWith({ users: [dev] }), dev.arn);
    assert.deepEqual(pathIds(finding), ["whittle-new-user-managed-policy"]);
    assert.equal(finding?.severity, "high");
  });

  test("a role named like app-* escapes `Deny iam:* NotResource role/app-*`", () => {
    const dev = guarded(
      { Effect: "Allow", Action: ["iam:CreateRole", "iam:AttachRolePolicy"], Resource: "*" },
      { Effect: "Deny", Action: "iam:*", NotResource: appRoles },
    );
    const finding = escalation(snapshotWith({ users: [dev] }), dev.arn);
    assert.deepEqual(pathIds(finding), ["whittle-new-role-managed-policy"]);
    assert.equal(finding?.severity, "high");
  });

  test("a function named like app-* escapes `Deny lambda:* NotResource function:app-*`", () => {
    const lambdaAdmin = role("lambda-admin", {
      trustPolicy: trustDoc({ Service: "lambda.amazonaws.com" }),
      attachedPolicyArns: [policyArn("admin")],
    });
    const dev = guarded(
      {
        Effect: "Allow",
        Action: ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"],
        Resource: "*",
      },
      { Effect: "Deny", Action: "lambda:*", NotResource: appFunctions },
    );
    const snapshot = snapshotWith({
      users: [dev],
      roles: [lambdaAdmin],
      managedPolicies: managed("admin", doc({ Effect: "Allow", Action: "*", Resource: "*" })),
    });
    const finding = escalation(snapshot, dev.arn);
    assert.deepEqual(pathIds(finding), ["lambda-001"]);
    assert.equal(finding?.severity, "high");
  });

  test("an SCP's NotResource and the Allow's Resource pattern are met by one name", () => {
    // Allowed on team-* only, an SCP denying all but *-prod: team-…-prod is allowed by both.
    const dev = guarded({
      Effect: "Allow",
      Action: NEW_USER,
      Resource: `arn:aws:iam::${ACCOUNT}:user/team-*`,
    });
    const organization = organizationWith({
      Effect: "Deny",
      Action: "iam:*",
      NotResource: `arn:aws:iam::${ACCOUNT}:user/*-prod`,
    });
    const finding = escalation(snapshotWith({ users: [dev], organization }), dev.arn);
    assert.deepEqual(pathIds(finding), ["whittle-new-user-managed-policy"]);
    assert.equal(finding?.severity, "high");
  });

  test("a name within both the identity policy's and the boundary's patterns", () => {
    const dev = user("dev", {
      inlinePolicies: [
        {
          name: "provision",
          document: doc({
            Effect: "Allow",
            Action: NEW_USER,
            Resource: `arn:aws:iam::${ACCOUNT}:user/team-*`,
          }),
        },
      ],
      permissionsBoundaryArn: policyArn("fence"),
    });
    const fence = (resource: string) =>
      managed(
        "fence",
        doc({ Effect: "Allow", Action: NEW_USER, Resource: `arn:aws:iam::${ACCOUNT}:user/${resource}` }),
      );
    const finding = escalation(snapshotWith({ users: [dev], managedPolicies: fence("*-prod") }), dev.arn);
    assert.deepEqual(pathIds(finding), ["whittle-new-user-managed-policy"]);
    assert.equal(finding?.severity, "high");
    // The boundary allows only names the identity policy does not: no user to create.
    const apart = escalation(snapshotWith({ users: [dev], managedPolicies: fence("ops-*") }), dev.arn);
    assert.equal(apart, undefined);
  });

  test("no name is both allowed and outside the Deny: no path", () => {
    const dev = guarded(
      { Effect: "Allow", Action: NEW_USER, Resource: `arn:aws:iam::${ACCOUNT}:user/other-*` },
      { Effect: "Deny", Action: "iam:*", NotResource: svcUsers },
    );
    assert.equal(escalation(snapshotWith({ users: [dev] }), dev.arn), undefined);
  });

  test("a NotResource naming only roles leaves no user to create", () => {
    const dev = guarded(
      { Effect: "Allow", Action: NEW_USER, Resource: "*" },
      { Effect: "Deny", Action: "iam:*", NotResource: appRoles },
    );
    const finding = escalation(snapshotWith({ users: [dev] }), dev.arn);
    assert.equal(finding, undefined);
  });
});

describe("a new resource named to escape several Deny statements' NotResource", () => {
  // The first Deny spares ci-* and svc-*, the second svc-* alone: only a svc-* name escapes both,
  // so the name must not be fixed by the first Deny's first pattern.
  const ciUsers = `arn:aws:iam::${ACCOUNT}:user/ci-*`;

  test("a user named like svc-* escapes `NotResource [ci-*, svc-*]` and `NotResource svc-*`", () => {
    const dev = guarded(
      { Effect: "Allow", Action: NEW_USER, Resource: "*" },
      { Effect: "Deny", Action: "iam:*", NotResource: [ciUsers, svcUsers] },
      { Effect: "Deny", Action: "iam:*", NotResource: svcUsers },
    );
    const finding = escalation(snapshotWith({ users: [dev] }), dev.arn);
    assert.deepEqual(pathIds(finding), ["whittle-new-user-managed-policy"]);
  });

  test("control: the same Denies listed with svc-* first", () => {
    const dev = guarded(
      { Effect: "Allow", Action: NEW_USER, Resource: "*" },
      { Effect: "Deny", Action: "iam:*", NotResource: [svcUsers, ciUsers] },
      { Effect: "Deny", Action: "iam:*", NotResource: svcUsers },
    );
    const finding = escalation(snapshotWith({ users: [dev] }), dev.arn);
    assert.deepEqual(pathIds(finding), ["whittle-new-user-managed-policy"]);
  });
});

test("a name the search gives up on, between the identity policy's and the boundary's patterns, leaves the path conditional", () => {
  // Two orders of the same letters: names fitting both exist (the two written one after the
  // other), but past 20 or so letters finding a shortest one takes more steps than the search is allowed.
  const certainties = (count: number) => {
    const letters = "abcdefghijklmnopqrstuv".split("").slice(0, count);
    const shuffled = [...letters].sort((p, q) => ((p.charCodeAt(0) * 7) % 13) - ((q.charCodeAt(0) * 7) % 13));
    const NEW_ROLE = ["iam:CreateRole", "iam:AttachRolePolicy"];
    const within = (order: string[]) => `arn:aws:iam::${ACCOUNT}:role/deploy-*${order.join("*")}*`;
    const dev = user("dev", {
      inlinePolicies: [
        {
          name: "provision",
          document: doc({ Effect: "Allow", Action: NEW_ROLE, Resource: within(letters) }),
        },
      ],
      permissionsBoundaryArn: policyArn("fence"),
    });
    const fence = managed("fence", doc({ Effect: "Allow", Action: NEW_ROLE, Resource: within(shuffled) }));
    const finding = escalation(snapshotWith({ users: [dev], managedPolicies: fence }), dev.arn);
    assert.deepEqual(pathIds(finding), ["whittle-new-role-managed-policy"]);
    return ((finding?.evidence.paths ?? []) as { certainty: string }[]).map((p) => p.certainty);
  };
  assert.deepEqual(certainties(22), ["maybe"]);
  // Control: with six letters the search finds the name, and the path is certain.
  assert.deepEqual(certainties(6), ["yes"]);
});
