import assert from "node:assert/strict";
import { test } from "node:test";
import { type CrossAccountPath, crossAccountPaths } from "../../../core/engine/organization/cross-account.js";
import type { Organization } from "../../../core/engine/snapshot/model.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { snapshotWith, user } from "../../helpers/snapshot-fixture.js";
import { DEV, ORG_ID, organizationWith, PROD, roleIn, trusting } from "./org-fixture.js";

const devUser = (name: string) => `arn:aws:iam::${DEV}:user/${name}`;
const MFA = { Bool: { "aws:MultiFactorAuthPresent": "true" } };

/**
 * Production's Deploy, an administrator, trusts dev's bob only when he signed in with MFA; bob
 * may assume it; alice may do `alice` to bob, and nothing else.
 */
function paths(...alice: object[]): Map<string, CrossAccountPath> {
  return pathsWith({ trust: MFA }, ...alice);
}

function pathsWith(
  options: { trust?: object; organization?: Organization },
  ...alice: object[]
): Map<string, CrossAccountPath> {
  const dev = snapshotWith({
    accountId: DEV,
    ...(options.organization ? { organization: options.organization } : {}),
    users: [
      user("alice", { arn: devUser("alice"), inlinePolicies: [{ name: "inline", document: doc(...alice) }] }),
      user("bob", {
        arn: devUser("bob"),
        inlinePolicies: [
          {
            name: "inline",
            document: doc({
              Effect: "Allow",
              Action: "sts:AssumeRole",
              Resource: `arn:aws:iam::${PROD}:role/Deploy`,
            }),
          },
        ],
      }),
    ],
  });
  const prod = snapshotWith({
    accountId: PROD,
    roles: [roleIn(PROD, "Deploy", ADMIN, trusting(devUser("bob"), options.trust))],
  });
  const found = crossAccountPaths(
    catalog,
    [
      { accountId: PROD, snapshot: prod },
      { accountId: DEV, snapshot: dev },
    ],
    ORG_ID,
  );
  return new Map(
    found.map((p) => [`${p.from.principalArn.split("/").pop()} -> ${p.to.roleArn.split("/").pop()}`, p]),
  );
}

const onBob = (Action: string | string[]) => ({ Effect: "Allow", Action, Resource: devUser("bob") });

test("an access key made for a user cannot meet a trust policy asking for MFA: no path through it", () => {
  const byId = paths(onBob("iam:CreateAccessKey"));
  // bob himself may have MFA: his own path stays, conditional.
  assert.equal(byId.get("bob -> Deploy")?.certainty, "maybe", [...byId.keys()].join("\n"));
  assert.equal(byId.has("alice -> Deploy"), false, [...byId.keys()].join("\n"));
});

test("a caller that may also enable an MFA device for the user, or set its console password, keeps the conditional path", () => {
  for (const actions of [
    ["iam:CreateAccessKey", "iam:EnableMFADevice", "iam:CreateVirtualMFADevice"],
    "iam:CreateLoginProfile",
  ]) {
    const alice = paths(onBob(actions)).get("alice -> Deploy");
    assert.ok(alice, String(actions));
    assert.equal(alice.certainty, "maybe");
  }
});

test("an SCP denying sts:AssumeRole without MFA blocks the path through a key made for the user", () => {
  const guard = organizationWith({
    Effect: "Deny",
    Action: "sts:AssumeRole",
    Resource: "*",
    Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
  });
  const byId = pathsWith({ organization: guard }, onBob("iam:CreateAccessKey"));
  assert.equal(byId.get("bob -> Deploy")?.blockedBy, undefined, [...byId.keys()].join("\n"));
  const alice = byId.get("alice -> Deploy");
  assert.ok(alice, [...byId.keys()].join("\n"));
  assert.ok(
    alice.blockedBy?.some((arn) => arn.endsWith("/p-guard")),
    JSON.stringify(alice.blockedBy),
  );
});

test("a principal that may take over the key's maker and may enable an MFA device for the user keeps the conditional path", () => {
  // carol may not take bob over, but may give alice a console password and enable bob's MFA device:
  // as alice she makes bob a key, as herself she enables a device for him, and signs his request with it.
  const dev = snapshotWith({
    accountId: DEV,
    users: [
      user("alice", {
        arn: devUser("alice"),
        inlinePolicies: [{ name: "inline", document: doc(onBob("iam:CreateAccessKey")) }],
      }),
      user("bob", {
        arn: devUser("bob"),
        inlinePolicies: [
          {
            name: "inline",
            document: doc({
              Effect: "Allow",
              Action: "sts:AssumeRole",
              Resource: `arn:aws:iam::${PROD}:role/Deploy`,
            }),
          },
        ],
      }),
      user("carol", {
        arn: devUser("carol"),
        inlinePolicies: [
          {
            name: "inline",
            document: doc(
              { Effect: "Allow", Action: "iam:CreateLoginProfile", Resource: devUser("alice") },
              onBob(["iam:EnableMFADevice", "iam:CreateVirtualMFADevice"]),
            ),
          },
        ],
      }),
    ],
  });
  const prod = snapshotWith({
    accountId: PROD,
    roles: [roleIn(PROD, "Deploy", ADMIN, trusting(devUser("bob"), MFA))],
  });
  const found = crossAccountPaths(
    catalog,
    [
      { accountId: PROD, snapshot: prod },
      { accountId: DEV, snapshot: dev },
    ],
    ORG_ID,
  );
  const byId = new Map(
    found.map((p) => [`${p.from.principalArn.split("/").pop()} -> ${p.to.roleArn.split("/").pop()}`, p]),
  );
  const carol = byId.get("carol -> Deploy");
  assert.ok(carol, [...byId.keys()].join("\n"));
  assert.equal(carol.certainty, "maybe");
  assert.deepEqual(
    carol.through?.map((t) => t.principalArn),
    [devUser("alice"), devUser("bob")],
  );
});

test("a caller that may give itself any policy, and so enable an MFA device for the user, keeps the conditional path", () => {
  // alice makes bob a key with her own policies; she may also give herself iam:EnableMFADevice.
  const alice = paths(onBob("iam:CreateAccessKey"), {
    Effect: "Allow",
    Action: "iam:PutUserPolicy",
    Resource: devUser("alice"),
  }).get("alice -> Deploy");
  assert.ok(alice);
  assert.equal(alice.certainty, "maybe");
  assert.deepEqual(
    alice.through?.map((t) => t.principalArn),
    [devUser("bob")],
  );
});

test("a caller that may assume a role of its account able to enable an MFA device for the user keeps the conditional path", () => {
  // alice makes bob a key, then as dev's Helper, which she may assume, enables a device for him.
  const dev = snapshotWith({
    accountId: DEV,
    users: [
      user("alice", {
        arn: devUser("alice"),
        inlinePolicies: [
          {
            name: "inline",
            document: doc(onBob("iam:CreateAccessKey"), {
              Effect: "Allow",
              Action: "sts:AssumeRole",
              Resource: `arn:aws:iam::${DEV}:role/Helper`,
            }),
          },
        ],
      }),
      user("bob", {
        arn: devUser("bob"),
        inlinePolicies: [
          {
            name: "inline",
            document: doc({
              Effect: "Allow",
              Action: "sts:AssumeRole",
              Resource: `arn:aws:iam::${PROD}:role/Deploy`,
            }),
          },
        ],
      }),
    ],
    roles: [
      roleIn(
        DEV,
        "Helper",
        doc(onBob(["iam:EnableMFADevice", "iam:CreateVirtualMFADevice"])),
        trusting(devUser("alice")),
      ),
    ],
  });
  const prod = snapshotWith({
    accountId: PROD,
    roles: [roleIn(PROD, "Deploy", ADMIN, trusting(devUser("bob"), MFA))],
  });
  const found = crossAccountPaths(
    catalog,
    [
      { accountId: PROD, snapshot: prod },
      { accountId: DEV, snapshot: dev },
    ],
    ORG_ID,
  );
  const alice = found.find((p) => p.from.principalArn === devUser("alice"));
  assert.ok(alice, found.map((p) => p.from.principalArn).join("\n"));
  assert.equal(alice.certainty, "maybe");
});
