import assert from "node:assert/strict";
import { test } from "node:test";
import { AccountPermissions } from "../../../../core/engine/account/permissions.js";
import { directPaths } from "../../../../core/engine/findings/permissive/escalation/direct.js";
import { passTo, runningAs } from "../../../../core/engine/findings/permissive/escalation/requirements.js";
import { resolveRequirement } from "../../../../core/engine/findings/permissive/escalation/targets.js";
import type { Requirement } from "../../../../core/engine/findings/permissive/escalation/types.js";
import type { Role } from "../../../../core/engine/snapshot/model.js";
import { catalog } from "../../../helpers/catalog.js";
import { doc } from "../../../helpers/policies.js";
import { referenceRequirement } from "../../../helpers/reference-requirement.js";
import { ACCOUNT, role, snapshotWith } from "../../../helpers/snapshot-fixture.js";
import { trustDoc } from "./fixture.js";

const arn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const admin = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
/** Roles a service may assume, each more privileged than the caller. */
const serviceRole = (name: string, service: string, extra: Partial<Role> = {}) =>
  role(name, {
    trustPolicy: trustDoc({ Service: `${service}.amazonaws.com` }),
    inlinePolicies: [{ name: "admin", document: admin }],
    ...extra,
  });
const lambdaRoles = [...Array.from({ length: 8 }, (_, i) => `app-${i}`), "z-last"].map((name) =>
  serviceRole(name, "lambda"),
);
/** A source address the snapshot cannot know: a condition on it is a "maybe". */
const unknowable = { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } };

function resolveIn(roles: Role[], requirement: Requirement, ...statements: object[]) {
  const caller = role("caller", {
    inlinePolicies: [{ name: "pass", document: { Version: "2012-10-17", Statement: statements } }],
  });
  const snapshot = snapshotWith({ roles: [caller, ...roles] });
  const account = new AccountPermissions(catalog, snapshot);
  const ctx = { catalog, snapshot, account };
  const subject = account.of(arn("caller"))!;
  const got = resolveRequirement(ctx, subject, requirement);
  assert.deepEqual(got, referenceRequirement(ctx, subject, requirement));
  return got;
}

const resolve = (...statements: object[]) => resolveIn(lambdaRoles, passTo("lambda"), ...statements);

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

test("when no role can be passed for sure, the first five passable under a condition are the targets", () => {
  const got = resolve(
    { Effect: "Allow", Action: "iam:PassRole", Resource: arn("app-*"), Condition: unknowable },
    { Effect: "Allow", Action: "iam:PassRole", Resource: arn("z-last"), Condition: unknowable },
  );
  assert.deepEqual(got, { certainty: "maybe", targets: [0, 1, 2, 3, 4].map((i) => arn(`app-${i}`)) });
});

test("PassRole on every role but only to another service passes none to this one", () => {
  const toEc2 = { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } };
  const got = resolve(
    { Effect: "Allow", Action: "iam:PassRole", Resource: `arn:aws:iam::*:role/*`, Condition: toEc2 },
    { Effect: "Allow", Action: "iam:PassRole", Resource: arn("z-last"), Condition: toEc2 },
  );
  assert.deepEqual(got, { certainty: "no", targets: [] });
});

test("EC2 runs only as roles in an instance profile: the others are no target", () => {
  const profile = (name: string) => ({
    instanceProfiles: [{ name, id: `AIPA${name}`, arn: `arn:aws:iam::${ACCOUNT}:instance-profile/${name}` }],
  });
  const roles = [
    serviceRole("bare", "ec2"),
    serviceRole("web", "ec2", profile("web")),
    serviceRole("also-bare", "ec2"),
    serviceRole("batch", "ec2", profile("batch")),
  ];
  const pass = { Effect: "Allow", Action: "iam:PassRole", Resource: "*" };
  assert.deepEqual(resolveIn(roles, passTo("ec2", true), pass), {
    certainty: "yes",
    targets: [arn("web"), arn("batch")],
  });
  const send = { Effect: "Allow", Action: "ssm:SendCommand", Resource: "*" };
  const sent = resolveIn(roles, runningAs("ssm:SendCommand", "ec2", true), send);
  assert.deepEqual([sent.certainty, sent.targets], ["yes", [arn("web"), arn("batch")]]);
});

test("steps naming the same action for different services are resolved apart", () => {
  const roles = [
    serviceRole("web", "ec2", {
      instanceProfiles: [{ name: "web", id: "AIPAweb", arn: `arn:aws:iam::${ACCOUNT}:instance-profile/web` }],
    }),
    serviceRole("fn", "lambda"),
  ];
  const caller = role("caller", {
    inlinePolicies: [
      {
        name: "p",
        document: doc(
          {
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: "*",
            Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } },
          },
          {
            Effect: "Allow",
            Action: ["ec2:RunInstances", "lambda:CreateFunction", "lambda:InvokeFunction"],
            Resource: "*",
          },
        ),
      },
    ],
  });
  const snapshot = snapshotWith({ roles: [caller, ...roles] });
  const account = new AccountPermissions(catalog, snapshot);
  const ids = directPaths({ catalog, snapshot, account }, account.of(arn("caller"))!).map((m) => m.path.id);
  assert.ok(ids.includes("ec2-001"), ids.join(", "));
  assert.ok(!ids.includes("lambda-001"), ids.join(", "));
});
