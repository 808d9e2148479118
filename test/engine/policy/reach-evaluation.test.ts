import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { resourceMatchesFormat } from "../../../core/engine/policy/arn.js";
import { policyGlobMatch } from "../../../core/engine/policy/glob.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN, doc, input, principal } from "../../helpers/policies.js";
import { role, snapshotWith, user } from "../../helpers/snapshot-fixture.js";
import { findingsOf, managed, pathIds, policyArn, run, trustDoc } from "../findings/permissive/fixture.js";

const formats = [
  ...new Set(catalog.actions.flatMap((a) => a.resourceTypes.map((rt) => rt.arnFormat))),
].filter((f) => f.split(":").length >= 6);

/** A resource of the format, its placeholders filled with names without colons, as real ARNs have. */
const arnOf = (format: string, names: readonly string[]) => {
  let n = 0;
  return format.replace(/\$\{(\w+)\}/g, (_, name: string) =>
    name === "Partition"
      ? "aws"
      : name === "Region"
        ? "us-east-1"
        : name === "Account"
          ? "123456789012"
          : names[n++ % names.length]!.replace(name === "BucketName" ? /\//g : /$^/, "-"),
  );
};

/** The resource with some of its runs of characters written as `*` and some characters as `?`. */
const patternOf = (arn: string, cuts: readonly [number, number, boolean][]) => {
  let pattern = arn;
  for (const [at, length, one] of cuts) {
    const start = at % (pattern.length + 1);
    pattern = one
      ? `${pattern.slice(0, start)}?${pattern.slice(start + 1)}`
      : `${pattern.slice(0, start)}*${pattern.slice(start + length)}`;
  }
  return pattern;
};

test("a pattern reaches every resource type of which evaluation matches some resource", () => {
  const name = fc.stringMatching(/^[a-z0-9/_.-]{1,8}$/);
  fc.assert(
    fc.property(
      fc.constantFrom(...formats),
      fc.array(name, { minLength: 1, maxLength: 3 }),
      fc.array(fc.tuple(fc.nat(120), fc.nat(30), fc.boolean()), { minLength: 1, maxLength: 4 }),
      (format, names, cuts) => {
        const arn = arnOf(format, names);
        const pattern = patternOf(arn, cuts);
        if (policyGlobMatch(pattern, arn))
          assert.equal(resourceMatchesFormat(pattern, format), true, `${pattern} ~ ${arn}`);
      },
    ),
    { numRuns: 5000 },
  );
});

// IAM matches the Resource element as a plain string, its `*` crossing colons:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
test("a `*` standing for the account and the resource-type word reaches the actions it names", () => {
  const read = catalog.action("logs:GetLogEvents")!;
  const stream = "arn:aws:logs:us-east-1:123456789012:log-group:/secret:log-stream:s";
  const resource = "arn:aws:logs:*:*:/secret:*";
  const p = principal([
    input("admin", ADMIN),
    input("guard", doc({ Effect: "Deny", Action: "logs:GetLogEvents", Resource: resource })),
  ]);
  const deny = p.statements.find((s) => s.statement.effect === "Deny")!;
  assert.equal(p.evaluate({ action: read.key, resource: stream }).decision, "ExplicitDeny");
  assert.equal(deny.reach.has(read.id), true);
  assert.equal(p.effective().unconditional.has(read.id), false);
  const secret = "arn:aws:secretsmanager:*:*:prod/*";
  assert.equal(
    resourceMatchesFormat(
      secret,
      catalog.action("secretsmanager:GetSecretValue")!.resourceTypes[0]!.arnFormat,
    ),
    true,
  );
  // Colons only where the format writes them: an instance pattern reaches no volume.
  assert.equal(
    resourceMatchesFormat(
      "arn:aws:ec2:*:*:instance/*",
      catalog.action("ec2:DeleteVolume")!.resourceTypes[0]!.arnFormat,
    ),
    false,
  );
});

test("new code for a function named with a `*` over the account and `function` is an escalation path", () => {
  const runner = role("runner", {
    trustPolicy: trustDoc({ Service: "lambda.amazonaws.com" }),
    attachedPolicyArns: [policyArn("admin")],
  });
  const updater = user("updater", { attachedPolicyArns: [policyArn("update")] });
  const findings = run(
    snapshotWith({
      users: [updater],
      roles: [runner],
      managedPolicies: {
        ...managed("admin", doc({ Effect: "Allow", Action: "*", Resource: "*" })),
        ...managed(
          "update",
          doc({
            Effect: "Allow",
            Action: "lambda:UpdateFunctionCode",
            Resource: "arn:aws:lambda:us-east-1:*:deploy-*",
          }),
        ),
      },
    }),
  );
  const finding = findingsOf(findings, "privilege-escalation", updater.arn)[0];
  assert.ok(pathIds(finding).includes("lambda-003"), JSON.stringify(pathIds(finding)));
});
