import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { compilePolicy, resourcesReach } from "../../../core/engine/policy/compile.js";
import { parsePolicyOrThrow } from "../../../core/engine/policy/parse.js";
import { catalog } from "../../helpers/catalog.js";

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
