import assert from "node:assert/strict";
import { test } from "node:test";
import { type CrossAccountPath, crossAccountPaths } from "../../../core/engine/organization/cross-account.js";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { snapshotWith, user } from "../../helpers/snapshot-fixture.js";
import { ASSUME_ANY, DEV, ORG_ID, orgReportFixture, PROD, roleIn, trusting } from "./org-fixture.js";

const devUser = (name: string) => `arn:aws:iam::${DEV}:user/${name}`;

const pathsOf = (...snapshots: Snapshot[]) =>
  crossAccountPaths(
    catalog,
    snapshots.map((snapshot) => ({ accountId: snapshot.accountId, snapshot })),
    ORG_ID,
  );
const idOf = (p: CrossAccountPath) =>
  `${p.from.principalArn.split("/").pop()} -> ${p.to.roleArn.split("/").pop()}`;

const userIn = (name: string, ...statements: object[]) =>
  user(name, { arn: devUser(name), inlinePolicies: [{ name: "inline", document: doc(...statements) }] });

/** Production's Deploy, an administrator, trusts dev's bob by name. */
const prod = () =>
  snapshotWith({ accountId: PROD, roles: [roleIn(PROD, "Deploy", ADMIN, trusting(devUser("bob")))] });

const ASSUME_HELPER = {
  Effect: "Allow",
  Action: "sts:AssumeRole",
  Resource: `arn:aws:iam::${DEV}:role/Helper`,
};

const BOB = { Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${PROD}:role/Deploy` };

test("a user who can create another user's access key reaches what that user reaches in another account", () => {
  const dev = snapshotWith({
    accountId: DEV,
    users: [
      userIn("alice", { Effect: "Allow", Action: "iam:CreateAccessKey", Resource: devUser("bob") }),
      userIn("bob", BOB),
    ],
  });
  const byId = new Map(pathsOf(prod(), dev).map((p) => [idOf(p), p]));
  assert.ok(byId.has("bob -> Deploy"), [...byId.keys()].join("\n"));
  const alice = byId.get("alice -> Deploy");
  assert.ok(alice, [...byId.keys()].join("\n"));
  assert.equal(alice.certainty, "yes");
  assert.deepEqual(alice.reaches, { admin: "certain" });
  assert.deepEqual(alice.through, [{ principalArn: devUser("bob"), paths: ["iam-002"] }]);
});

test("a takeover that hangs on a condition, or that an own-account administrator makes, keeps the surest way", () => {
  const dev = snapshotWith({
    accountId: DEV,
    users: [
      userIn("carol", {
        Effect: "Allow",
        Action: "iam:UpdateLoginProfile",
        Resource: devUser("bob"),
        Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } },
      }),
      // Dev's administrator may assume any role, but production trusts bob alone: its way in is bob's key.
      userIn("root-like", { Effect: "Allow", Action: "*", Resource: "*" }),
      userIn("bob", BOB),
    ],
  });
  const byId = new Map(pathsOf(prod(), dev).map((p) => [idOf(p), p]));
  assert.equal(byId.get("carol -> Deploy")?.certainty, "maybe", [...byId.keys()].join("\n"));
  assert.equal(byId.get("root-like -> Deploy")?.certainty, "yes", [...byId.keys()].join("\n"));
});

test("takeovers chain: a user who can take over someone who can take over the leading user reaches on", () => {
  const dev = snapshotWith({
    accountId: DEV,
    users: [
      userIn("dave", { Effect: "Allow", Action: "iam:CreateLoginProfile", Resource: devUser("erin") }),
      userIn("erin", { Effect: "Allow", Action: "iam:CreateAccessKey", Resource: devUser("bob") }),
      userIn("bob", BOB),
    ],
  });
  const dave = pathsOf(prod(), dev).find((p) => idOf(p) === "dave -> Deploy");
  assert.ok(dave);
  assert.deepEqual(
    dave.through?.map((t) => t.principalArn),
    [devUser("erin"), devUser("bob")],
  );
});

test("a role passed to Lambda that leads into another account is a path from whoever may pass it", () => {
  const lambdaTrust = doc({
    Effect: "Allow",
    Principal: { Service: "lambda.amazonaws.com" },
    Action: "sts:AssumeRole",
  });
  const dev = snapshotWith({
    accountId: DEV,
    users: [
      userIn(
        "frank",
        { Effect: "Allow", Action: "iam:PassRole", Resource: `arn:aws:iam::${DEV}:role/Fn` },
        { Effect: "Allow", Action: ["lambda:CreateFunction", "lambda:InvokeFunction"], Resource: "*" },
      ),
    ],
    roles: [roleIn(DEV, "Fn", ASSUME_ANY, lambdaTrust)],
  });
  const prodFn = snapshotWith({
    accountId: PROD,
    roles: [roleIn(PROD, "Deploy", ADMIN, trusting(`arn:aws:iam::${DEV}:role/Fn`))],
  });
  const frank = pathsOf(prodFn, dev).find((p) => idOf(p) === "frank -> Deploy");
  assert.ok(frank, pathsOf(prodFn, dev).map(idOf).join("\n"));
  assert.equal(frank.through?.[0]?.principalArn, `arn:aws:iam::${DEV}:role/Fn`);
  assert.ok(frank.through?.[0]?.paths.includes("lambda-001"), frank.through?.[0]?.paths.join());
});

test("the rollup names the user taken over in the path's title", async () => {
  const dev = snapshotWith({
    accountId: DEV,
    users: [
      userIn("alice", { Effect: "Allow", Action: "iam:CreateAccessKey", Resource: devUser("bob") }),
      userIn("bob", BOB),
    ],
  });
  const report = await orgReportFixture([prod(), dev]);
  const alice = report.crossAccountPaths.find((p) => p.from.principalArn === devUser("alice"));
  assert.ok(alice);
  assert.equal(alice.severity, "high");
  assert.match(alice.title, /^alice \(222222222222\) can take over bob \(iam-002\) and assume Deploy/);
});

test("a role of the caller's account that takes over a leading user is a path from whoever may assume it", () => {
  // Dev's Helper may create bob's access key; carol may assume Helper. Neither holds more itself.
  const dev = snapshotWith({
    accountId: DEV,
    users: [userIn("carol", ASSUME_HELPER), userIn("bob", BOB)],
    roles: [
      roleIn(
        DEV,
        "Helper",
        doc({ Effect: "Allow", Action: "iam:CreateAccessKey", Resource: devUser("bob") }),
        trusting(`arn:aws:iam::${DEV}:root`),
      ),
    ],
  });
  const carol = pathsOf(prod(), dev).find((p) => idOf(p) === "carol -> Deploy");
  assert.ok(carol, pathsOf(prod(), dev).map(idOf).join("\n"));
  assert.deepEqual(
    carol.through?.map((t) => [t.principalArn.split("/").pop(), t.paths]),
    [
      ["Helper", ["sts:AssumeRole"]],
      ["bob", ["iam-002"]],
    ],
  );
});

test("a user who can give itself any policy reaches the roles that trust its account, and the users it can then take over", () => {
  const dev = snapshotWith({
    accountId: DEV,
    users: [
      userIn("gina", { Effect: "Allow", Action: "iam:PutUserPolicy", Resource: devUser("gina") }),
      userIn("bob", BOB),
    ],
  });
  const prodBoth = snapshotWith({
    accountId: PROD,
    roles: [
      roleIn(PROD, "Deploy", ADMIN, trusting(devUser("bob"))),
      roleIn(PROD, "Ops", ADMIN, trusting(`arn:aws:iam::${DEV}:root`)),
    ],
  });
  const byId = new Map(pathsOf(prodBoth, dev).map((p) => [idOf(p), p]));
  const ops = byId.get("gina -> Ops");
  assert.ok(ops, [...byId.keys()].join("\n"));
  assert.equal(ops.certainty, "yes");
  assert.equal(ops.selfGrant, "iam:PutUserPolicy");
  const deploy = byId.get("gina -> Deploy");
  assert.ok(deploy, [...byId.keys()].join("\n"));
  assert.equal(deploy.selfGrant, "iam:PutUserPolicy");
  assert.deepEqual(deploy.through?.[0]?.principalArn, devUser("bob"));
});

test("the rollup says the caller gives itself a policy first", async () => {
  const dev = snapshotWith({
    accountId: DEV,
    users: [userIn("gina", { Effect: "Allow", Action: "iam:PutUserPolicy", Resource: devUser("gina") })],
  });
  const prodOps = snapshotWith({
    accountId: PROD,
    roles: [roleIn(PROD, "Ops", ADMIN, trusting(`arn:aws:iam::${DEV}:root`))],
  });
  const report = await orgReportFixture([prodOps, dev]);
  const gina = report.crossAccountPaths.find((p) => p.from.principalArn === devUser("gina"));
  assert.match(
    gina?.title ?? "",
    /^gina \(222222222222\) can give itself any policy \(iam:PutUserPolicy\) and assume Ops/,
  );
});

test("the title names every way a principal is taken over, and what it then does to itself first", async () => {
  // alice may create bob's access key or console password; bob may give himself any policy, and
  // production's Ops trusts the whole dev account.
  const dev = snapshotWith({
    accountId: DEV,
    users: [
      userIn("alice", {
        Effect: "Allow",
        Action: ["iam:CreateAccessKey", "iam:CreateLoginProfile"],
        Resource: devUser("bob"),
      }),
      userIn("bob", { Effect: "Allow", Action: "iam:PutUserPolicy", Resource: devUser("bob") }),
    ],
  });
  const prodOps = snapshotWith({
    accountId: PROD,
    roles: [roleIn(PROD, "Ops", ADMIN, trusting(`arn:aws:iam::${DEV}:root`))],
  });
  const report = await orgReportFixture([prodOps, dev]);
  const alice = report.crossAccountPaths.find((p) => p.from.principalArn === devUser("alice"));
  assert.ok(alice, report.crossAccountPaths.map((p) => p.id).join("\n"));
  assert.deepEqual(alice.through, [
    { principalArn: devUser("bob"), paths: ["iam-002", "iam-004"], selfGrant: "iam:PutUserPolicy" },
  ]);
  assert.match(
    alice.title,
    /^alice \(222222222222\) can take over bob \(iam-002 or iam-004, then as bob: give itself any policy \(iam:PutUserPolicy\)\) and assume Ops/,
  );
});
