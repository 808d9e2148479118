import assert from "node:assert/strict";
import { test } from "node:test";
import { everyResourceOf, patternCoversFormat } from "../../../core/engine/policy/every-resource.js";
import { catalog } from "../../helpers/catalog.js";
import { doc, input, principal } from "../../helpers/policies.js";

const OBJECT = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
const ROLE = "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}";

test("a pattern names every resource of a format when it covers the format's every value", () => {
  for (const p of ["arn:aws:s3:::*/*", "arn:aws:s3:::*", "arn:*", "arn:aws-cn:s3:::*/*", "arn:aws:s3:::*/?*"])
    assert.equal(patternCoversFormat(p, OBJECT), p !== "arn:aws:s3:::*/?*", p);
  for (const p of [
    "arn:aws:s3:::b/*",
    "arn:aws:s3:::*/logs/*",
    "arn:aws:s3:::*/*.json",
    "arn:aws:iam::*:role/*",
  ])
    assert.equal(patternCoversFormat(p, OBJECT), false, p);
  assert.equal(patternCoversFormat("arn:aws:iam::*:role/*", ROLE), true);
  // Another account's roles, or one path of them, are not every role.
  assert.equal(patternCoversFormat("arn:aws:iam::123456789012:role/*", ROLE), false);
  assert.equal(patternCoversFormat("arn:aws:iam::*:role/app/*", ROLE), false);
  // A variable is not a wildcard: `${aws:username}` names one resource per caller.
  assert.equal(patternCoversFormat("arn:aws:s3:::${aws:username}/*", OBJECT), false);
});

test("an action is named everywhere when each required type is, or, with none required, one type", () => {
  const get = catalog.action("s3:GetObject")!;
  assert.ok(get.resourceTypes.every((rt) => !rt.required) && get.resourceTypes.length > 1);
  assert.equal(everyResourceOf(["arn:aws:s3:::*/*"])(get), true);
  assert.equal(everyResourceOf(["arn:aws:s3:::b/*"])(get), false);
  const run = catalog.action("ec2:RunInstances")!;
  assert.ok(run.resourceTypes.filter((rt) => rt.required).length > 1);
  assert.equal(everyResourceOf(["arn:aws:ec2:*:*:instance/*"])(run), false, "one required type only");
  assert.equal(everyResourceOf(["arn:*"])(run), true);
  const list = catalog.action("s3:ListAllMyBuckets")!;
  assert.ok(list.wildcardOnly);
  assert.equal(everyResourceOf(["arn:*"])(list), false, "granted by * alone");
});

test("a Resource of thousands of asterisks names every object: no overflowed stack, and no scope", () => {
  // 10,240 characters fit a role's inline policies: a run of asterisks that long is a valid grant.
  const stars = "*".repeat(20_000);
  assert.equal(patternCoversFormat(`arn:aws:s3:::${stars}`, OBJECT), true);
  assert.equal(patternCoversFormat(`arn:aws:s3:::${stars}x`, OBJECT), false);
  // `${}` is literal text, not a variable: these asterisks name only keys that hold it.
  assert.equal(patternCoversFormat(`arn:aws:s3:::${"*${}".repeat(5_000)}`, OBJECT), false);
  const get = catalog.action("s3:GetObject")!;
  const p = principal([
    input("inline", doc({ Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${stars}` })),
  ]);
  assert.equal(p.effective().resourceScoped.has(get.id), false);
});

test("given the principal's own account, every resource of a type there in every region is every resource", () => {
  const secret = catalog.action("secretsmanager:GetSecretValue")!;
  const own = "arn:aws:secretsmanager:*:111122223333:secret:*";
  assert.equal(everyResourceOf([own])(secret), false, "without the account, one account is a scope");
  assert.equal(everyResourceOf([own], "111122223333")(secret), true);
  assert.equal(everyResourceOf([own], "999999999999")(secret), false, "another account's");
  assert.equal(
    everyResourceOf(["arn:aws:secretsmanager:eu-west-1:111122223333:secret:*"], "111122223333")(secret),
    false,
  );
  // A format without an account (S3 objects) is unchanged.
  assert.equal(everyResourceOf(["arn:aws:s3:::b/*"], "111122223333")(catalog.action("s3:GetObject")!), false);
});
