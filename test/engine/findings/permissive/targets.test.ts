import assert from "node:assert/strict";
import { test } from "node:test";
import { AccountPermissions } from "../../../../core/engine/account/permissions.js";
import { passTo } from "../../../../core/engine/findings/permissive/escalation/requirements.js";
import { resolveRequirement } from "../../../../core/engine/findings/permissive/escalation/targets.js";
import { catalog } from "../../../helpers/catalog.js";
import { referenceRequirement } from "../../../helpers/reference-requirement.js";
import { ACCOUNT, role, snapshotWith } from "../../../helpers/snapshot-fixture.js";
import { trustDoc } from "./fixture.js";

const arn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const admin = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
/** Roles Lambda may assume, each more privileged than the caller. */
const lambdaRole = (name: string) =>
  role(name, {
    trustPolicy: trustDoc({ Service: "lambda.amazonaws.com" }),
    inlinePolicies: [{ name: "admin", document: admin }],
  });
const lambdaRoles = [...Array.from({ length: 8 }, (_, i) => lambdaRole(`app-${i}`)), lambdaRole("z-last")];
/** A request tag the snapshot cannot know: a condition on it is a "maybe". */
const unknowable = { StringEquals: { "aws:RequestTag/team": "blue" } };

function resolve(...statements: object[]) {
  const caller = role("caller", {
    inlinePolicies: [{ name: "pass", document: { Version: "2012-10-17", Statement: statements } }],
  });
  const snapshot = snapshotWith({ roles: [caller, ...lambdaRoles] });
  const account = new AccountPermissions(catalog, snapshot);
  const ctx = { catalog, snapshot, account };
  const subject = account.of(arn("caller"))!;
  const got = resolveRequirement(ctx, subject, passTo("lambda"));
  assert.deepEqual(got, referenceRequirement(ctx, subject, passTo("lambda")));
  return got;
}

test("a role passable for sure comes out, even after more passable only under a condition", () => {
  const got = resolve(
    { Effect: "Allow", Action: "iam:PassRole", Resource: arn("app-*"), Condition: unknowable },
    { Effect: "Allow", Action: "iam:PassRole", Resource: arn("z-last") },
  );
  assert.deepEqual(got, { certainty: "yes", targets: [arn("z-last")] });
});

test("when every role is decided alike, the first five are the targets", () => {
  const got = resolve({ Effect: "Allow", Action: "iam:PassRole", Resource: "*", Condition: unknowable });
  assert.deepEqual(got, { certainty: "maybe", targets: [0, 1, 2, 3, 4].map((i) => arn(`app-${i}`)) });
});

test("PassRole allowed only to another service passes no role to this one", () => {
  const toEc2 = { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } };
  const got = resolve({ Effect: "Allow", Action: "iam:PassRole", Resource: "*", Condition: toEc2 });
  assert.deepEqual(got, { certainty: "no", targets: [] });
});
