import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { compilePolicy, resourcesReach } from "../../../core/engine/policy/compile.js";
import { parsePolicyOrThrow } from "../../../core/engine/policy/parse.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN, doc, input, principal } from "../../helpers/policies.js";

const services = ["s3", "ec2", "iam", "sqs", "dynamodb", "lambda"].map((prefix) => catalog.service(prefix)!);
const action = fc
  .tuple(fc.constantFrom(...services), fc.nat())
  .map(([s, n]) => catalog.actions[s.first + (n % (s.end - s.first))]!.key);
const resource = fc.constantFrom(
  "arn:aws:s3:::logs",
  "arn:aws:s3:::logs/*",
  "arn:aws:s3:::*",
  "arn:aws:ec2:us-east-1:123456789012:instance/i-1",
  "arn:aws:ec2:*:*:*",
  "arn:aws:iam::123456789012:role/app",
  "arn:aws:sqs:us-east-1:123456789012:queue-${aws:username}",
  "arn:aws:dynamodb:us-east-1:123456789012:table/t/index/*",
  "arn:aws:lambda:*:*:function:f",
  "arn:aws:*",
  "arn:*",
  "arn:aws:s3:::?",
);

test("a statement reaches exactly the actions some of its resources reach, asked action by action", () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(action, { minLength: 1, maxLength: 12 }),
      fc.uniqueArray(resource, { minLength: 1, maxLength: 4 }),
      (actions, resources) => {
        const policy = parsePolicyOrThrow(
          { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: resources }] },
          "test",
        );
        const [compiled] = compilePolicy(catalog, policy, "test", "identity");
        const expected = [...compiled!.actions.ids()].filter((id) =>
          resourcesReach(resources, catalog.actions[id]!),
        );
        assert.deepEqual([...compiled!.reach.ids()], expected);
      },
    ),
    { numRuns: 1000 },
  );
});

// "If the * wildcard is the last character of a resource ARN segment, it can expand to match beyond
// the colon boundaries": https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
test("a Deny whose one * stands for the region and the account reaches the actions it denies", () => {
  const read = catalog.action("logs:GetLogEvents")!;
  const stream = "arn:aws:logs:us-east-1:123456789012:log-group:/secret:log-stream:s";
  for (const resource of ["arn:aws:logs:*:log-group:/secret:*", "arn:aws:*:log-group:/secret:*"]) {
    const p = principal([
      input("admin", ADMIN),
      input("guard", doc({ Effect: "Deny", Action: "logs:GetLogEvents", Resource: resource })),
    ]);
    const deny = p.statements.find((s) => s.statement.effect === "Deny")!;
    assert.equal(p.evaluate({ action: read.key, resource: stream }).decision, "ExplicitDeny", resource);
    assert.equal(deny.reach.has(read.id), true, resource);
    assert.equal(p.effective().unconditional.has(read.id), false, resource);
  }
  // The same `*` does not carry an instance pattern over to other resource types of the service.
  const [instances] = compilePolicy(
    catalog,
    parsePolicyOrThrow(
      doc({ Effect: "Allow", Action: "ec2:*", Resource: "arn:aws:ec2:*:*:instance/*" }),
      "t",
    ),
    "t",
    "identity",
  );
  assert.equal(instances!.reach.has(catalog.action("ec2:DeleteVolume")!.id), false);
});
