import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { type ObservedCall, proveCoversObserved } from "../../../core/engine/generate/proof.js";
import { scopedCalls, scopeObserved } from "../../../core/engine/generate/scope.js";
import { catalog, managedPolicies } from "../../helpers/catalog.js";
import { ADMIN, doc, input, principal } from "../../helpers/policies.js";

const managed = managedPolicies();
const vpc = { StringEquals: { "aws:SourceVpce": ["vpce-1"] } };
const currents = [
  principal([input("admin", ADMIN)]),
  principal([input("SecretsManagerReadWrite", managed.SecretsManagerReadWrite!.PolicyVersion.Document)]),
  principal(
    [
      input("AmazonS3ReadOnlyAccess", managed.AmazonS3ReadOnlyAccess!.PolicyVersion.Document),
      input(
        "inline",
        doc(
          { Effect: "Allow", Action: ["s3:PutObject", "ec2:*"], Resource: "*", Condition: vpc },
          { Effect: "Deny", Action: "s3:GetObject", Resource: "arn:aws:s3:::logs/secret/*" },
        ),
      ),
    ],
    { boundary: input("boundary", doc({ Effect: "Allow", Action: ["s3:*", "ec2:*"], Resource: "*" })) },
  ),
];
currents.push(
  principal([
    input(
      "scoped",
      doc(
        { Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::logs/*" },
        { Effect: "Allow", Action: "ec2:*", Resource: "arn:aws:ec2:*:*:instance/i-1", Condition: vpc },
        {
          Effect: "Allow",
          Action: "secretsmanager:*",
          Resource: "arn:aws:secretsmanager:*:*:secret:app-??????",
        },
      ),
    ),
  ]),
);
const proposals = [
  principal([input("narrow", doc({ Effect: "Allow", Action: ["s3:Get*", "ec2:Describe*"], Resource: "*" }))]),
  principal([
    input("conditional", doc({ Effect: "Allow", Action: ["s3:*", "ec2:*"], Resource: "*", Condition: vpc })),
  ]),
  principal([input("admin", ADMIN)]),
];
const services = ["s3", "ec2", "secretsmanager"].map((prefix) => catalog.service(prefix)!);
const action = fc
  .tuple(fc.constantFrom(...services), fc.nat())
  .map(([s, n]) => catalog.actions[s.first + (n % (s.end - s.first))]!);
const resource = fc.constantFrom(
  "arn:aws:s3:::logs/a",
  "arn:aws:s3:::logs/secret/b",
  "arn:aws:s3:::logs",
  "arn:aws:ec2:us-east-1:123456789012:instance/i-1",
  "arn:aws:secretsmanager:us-east-1:123456789012:secret:app-AbCdEf",
);
const observed = fc.array(
  fc.record({ action, resources: fc.array(resource, { maxLength: 3 }), unscoped: fc.boolean() }),
  { minLength: 1, maxLength: 8 },
);

/** The calls scoping replays, as if it had not evaluated them. */
const unevaluated = (calls: readonly ObservedCall[]) => calls.map(({ current: _, ...call }) => call);

test("scoping hands coversObserved the current policies' own decision on each call, changing no proof", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...currents),
      fc.constantFrom(...proposals),
      observed,
      (current, proposed, list) => {
        const calls = list.flatMap(
          ({ action: a, resources, unscoped }) =>
            scopeObserved(
              current,
              a,
              { action: a.key, count: 1, resources, unscopedCalls: unscoped ? 1 : 0 },
              10,
            ).calls,
        );
        for (const call of calls) {
          if (!call.current) continue;
          // An outright Allow travels as the decision alone; any other, with its statements.
          const evaluation = current.evaluate({ action: call.action, resource: call.resource! });
          assert.deepEqual(call.current, evaluation.decision === "Allow" ? "Allow" : evaluation);
        }
        assert.deepEqual(
          proveCoversObserved(current, proposed, calls),
          proveCoversObserved(current, proposed, unevaluated(calls)),
        );
      },
    ),
    { numRuns: 200 },
  );
});

test("the calls a plan replays are the calls scoping hands the proofs, without choosing patterns", () => {
  // Folded patterns (covered by a grant or not) and a principal granted nothing on some actions
  // take every branch: kept, only within the grant, refused, and no grant to fall back on.
  const folded = fc.constantFrom("arn:aws:s3:::logs/*", "arn:aws:s3:::other/*", "arn:aws:ec2:*:*:instance/*");
  const denied = principal([input("deny-only", doc({ Effect: "Deny", Action: "s3:*", Resource: "*" }))]);
  const anyResource = fc.oneof(resource, folded);
  const list = fc.array(
    fc.record({
      action,
      resources: fc.array(anyResource, { maxLength: 4 }),
      unscoped: fc.boolean(),
      count: fc.integer({ min: 1, max: 3 }),
    }),
    { minLength: 1, maxLength: 8 },
  );
  let unscopedKept = 0;
  fc.assert(
    fc.property(
      fc.constantFrom(...currents, denied),
      list,
      fc.integer({ min: 1, max: 3 }),
      (current, items, max) => {
        for (const { action: a, resources, unscoped, count } of items) {
          const observed = { action: a.key, count, resources, unscopedCalls: unscoped ? 1 : 0 };
          const expected = scopeObserved(current, a, observed, max).calls;
          assert.deepEqual(scopedCalls(current, a, observed, max), expected);
          if (expected.some((c) => c.resource === undefined)) unscopedKept++;
        }
      },
    ),
    { numRuns: 300 },
  );
  assert.ok(unscopedKept > 0, "some unscoped call was kept");
});
