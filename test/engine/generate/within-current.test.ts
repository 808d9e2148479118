import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { proposedPermissions, proveWithinCurrent } from "../../../core/engine/generate/proof.js";
import type { PolicyDocument } from "../../../core/engine/generate/types.js";
import { namesAnyAction } from "../../../core/engine/policy/expand.js";
import { catalog, managedPolicies } from "../../helpers/catalog.js";
import { ADMIN, doc, input, principal } from "../../helpers/policies.js";

const managed = managedPolicies();
const currents = [
  principal([input("admin", ADMIN)]),
  principal([input("SecretsManagerReadWrite", managed.SecretsManagerReadWrite!.PolicyVersion.Document)]),
  principal([
    input("AmazonS3ReadOnlyAccess", managed.AmazonS3ReadOnlyAccess!.PolicyVersion.Document),
    input(
      "inline",
      doc(
        { Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::logs/*" },
        { Effect: "Allow", Action: "ec2:*", Resource: "arn:aws:ec2:*:*:instance/*" },
        { Effect: "Deny", Action: "s3:GetObject", Resource: "arn:aws:s3:::logs/secret/*" },
      ),
    ),
  ]),
];
const services = ["s3", "ec2", "secretsmanager", "iam"].map((prefix) => catalog.service(prefix)!);
const action = fc
  .tuple(fc.constantFrom(...services), fc.nat())
  .map(([s, n]) => catalog.actions[s.first + (n % (s.end - s.first))]!.key);
const pattern = fc.constantFrom(
  "*",
  "arn:aws:s3:::logs",
  "arn:aws:s3:::logs/*",
  "arn:aws:s3:::logs/secret/a",
  "arn:aws:ec2:us-east-1:123456789012:instance/i-1",
  "arn:aws:ec2:*:*:instance/*",
  "arn:aws:secretsmanager:us-east-1:123456789012:secret:app-??????",
  "arn:aws:iam::123456789012:role/app",
);

const allow = (Action: string[], Resource: string[]): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: [{ Sid: "Allow1", Effect: "Allow", Action, Resource }],
});

test("withinCurrent decides a one-pattern statement as it decides the same pattern written twice", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...currents),
      fc.uniqueArray(action, { minLength: 1, maxLength: 6 }),
      pattern,
      (current, actions, p) => {
        const prove = (resources: string[]) =>
          proveWithinCurrent(catalog, current, proposedPermissions(current, [allow(actions, resources)]));
        const once = prove([p]);
        const twice = prove([p, p]);
        assert.equal(once.ok, twice.ok);
        assert.deepEqual(new Set(once.violations), new Set(twice.violations));
      },
    ),
    { numRuns: 300 },
  );
});

/** The same identity policies under a boundary that allows nothing: no action is allowed at all. */
const bounded = (current: (typeof currents)[number]) =>
  principal([...current.policies.identity], {
    boundary: input("empty-boundary", doc({ Effect: "Allow", Action: "none:None", Resource: "*" })),
  });

test("withinCurrent reads only identity policies: the same verdict when a boundary allows nothing", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...currents),
      fc.uniqueArray(action, { minLength: 1, maxLength: 6 }),
      fc.array(pattern, { minLength: 1, maxLength: 2 }),
      (current, actions, resources) => {
        const other = bounded(current);
        // Under that boundary no set of effective permissions can decide an action early.
        assert.equal(other.effective().possible.isEmpty(), true);
        const prove = (p: typeof current) =>
          proveWithinCurrent(catalog, p, proposedPermissions(p, [allow(actions, resources)]));
        assert.deepEqual(prove(current), prove(other));
      },
    ),
    { numRuns: 300 },
  );
});

test("withinCurrent names every listed action that is no catalog action, however the list repeats or spells names", () => {
  const name = fc.oneof(
    action,
    action.map((a) => a.toLowerCase()),
    fc.constantFrom(
      "s3:NoSuchAction",
      "nosuchservice:GetObject",
      "s3:Get*",
      "s3:NoSuch*",
      "ec2:?escribeVpcs",
    ),
  );
  const current = currents[0]!;
  const unknown = (actions: string[]) =>
    proveWithinCurrent(
      catalog,
      current,
      proposedPermissions(current, [allow(actions, ["*"])]),
    ).violations.filter((v) => v.endsWith("is not a catalog action"));
  fc.assert(
    fc.property(fc.array(name, { minLength: 1, maxLength: 6 }), (actions) => {
      const expected = actions.filter((a) => !namesAnyAction(catalog, a));
      assert.deepEqual(
        unknown(actions),
        expected.map((a) => `${a} is not a catalog action`),
      );
    }),
    { numRuns: 500 },
  );
  // As many actions as names, though two names name none: the wildcard names three.
  assert.deepEqual(unknown(["s3:DeleteObjectVersion*", "s3:NoSuchAction", "nosuchservice:GetObject"]), [
    "s3:NoSuchAction is not a catalog action",
    "nosuchservice:GetObject is not a catalog action",
  ]);
});
