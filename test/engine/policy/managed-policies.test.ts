import assert from "node:assert/strict";
import { test } from "node:test";
import { parsePolicy } from "../../../core/engine/policy/parse.js";
import { PrincipalPermissions } from "../../../core/engine/policy/principal-permissions.js";
import { catalog, MANAGED_POLICY_COUNT, managedPolicies } from "../../helpers/catalog.js";

const policies = managedPolicies();
const effectiveOf = (name: string) => {
  const { policy } = parsePolicy(policies[name]!.PolicyVersion.Document);
  return new PrincipalPermissions(catalog, { identity: [{ source: name, policy: policy! }] }).effective();
};
/** An independent oracle: count catalog actions by name rather than through the matcher. */
const countWhere = (pred: (service: string, name: string) => boolean) =>
  catalog.actions.filter((a) => pred(a.service, a.name)).length;

test("every AWS managed policy parses, expand and evaluate without error", () => {
  const names = Object.keys(policies);
  assert.equal(names.length, MANAGED_POLICY_COUNT);
  const failures: string[] = [];
  for (const name of names) {
    const { policy, problems } = parsePolicy(policies[name]!.PolicyVersion.Document, { kind: "identity" });
    const errors = problems.filter((p) => p.severity === "error");
    if (!policy || errors.length > 0) {
      failures.push(`${name}: ${errors.map((e) => e.message).join("; ")}`);
      continue;
    }
    const permissions = new PrincipalPermissions(catalog, { identity: [{ source: name, policy }] });
    const eff = permissions.effective();
    assert.ok(eff.unconditional.isSubsetOf(eff.possible), name);
    assert.ok(eff.conditional.isSubsetOf(eff.possible), name);
  }
  assert.deepEqual(failures, []);
});

test("AdministratorAccess expands to the whole catalog, unconditionally", () => {
  const eff = effectiveOf("AdministratorAccess");
  assert.equal(eff.possible.count(), catalog.size);
  assert.equal(eff.unconditional.count(), catalog.size);
});

test("ReadOnlyAccess reaches no Write or Permissions-management action except read-named ones AWS classes as writes", () => {
  const eff = effectiveOf("ReadOnlyAccess");
  const writes = catalog.keys(eff.possible).filter((key) => {
    const level = catalog.action(key)!.accessLevel;
    return level === "Write" || level === "Permissions management";
  });
  // The only writes are actions whose names start with a read verb that ReadOnlyAccess grants by
  // wildcard (`athena:Get*`, `iot:List*`, ...) but that the AWS service reference classifies as
  // Write or Permissions management, e.g. athena:GetSessionEndpoint. No Create/Put/Delete/Update,
  // except s3express:CreateSession, granted only under s3express:SessionMode = ReadOnly.
  const session = catalog.action("s3express:CreateSession")!.id;
  assert.equal(eff.conditional.has(session), true);
  assert.equal(eff.unconditional.has(session), false);
  for (const key of writes.filter((k) => k !== "s3express:CreateSession"))
    assert.match(key.split(":")[1]!, /^(Get|List|Describe|Search|BatchGet|Query|Scan)/, key);
  assert.ok(writes.length < 15, `${writes.length} read-named writes: ${writes.join(", ")}`);
  assert.equal(eff.possible.has(catalog.action("iam:CreateUser")!.id), false);
  assert.equal(eff.possible.has(catalog.action("s3:GetObject")!.id), true);
});

test("hand-checked expansions match an independent count over the catalog", () => {
  // IAMFullAccess: iam:* plus ten named organizations read actions.
  assert.equal(effectiveOf("IAMFullAccess").possible.count(), countWhere((s) => s === "iam") + 10);
  // IAMReadOnlyAccess: iam:Get*, iam:List* plus four named actions.
  const iamExtras = [
    "GenerateCredentialReport",
    "GenerateServiceLastAccessedDetails",
    "SimulateCustomPolicy",
    "SimulatePrincipalPolicy",
  ];
  assert.equal(
    effectiveOf("IAMReadOnlyAccess").possible.count(),
    countWhere((s, n) => s === "iam" && (/^(Get|List)/.test(n) || iamExtras.includes(n))),
  );
  assert.equal(
    effectiveOf("AmazonS3ReadOnlyAccess").possible.count(),
    countWhere(
      (s, n) =>
        (s === "s3" && /^(Get|List|Describe)/.test(n)) || (s === "s3-object-lambda" && /^(Get|List)/.test(n)),
    ),
  );
  const s3Full = effectiveOf("AmazonS3FullAccess");
  assert.equal(
    s3Full.possible.count(),
    countWhere((s) => s === "s3" || s === "s3-object-lambda"),
  );
});

test("PowerUserAccess grants everything except most of IAM, Organizations and Account", () => {
  const eff = effectiveOf("PowerUserAccess");
  assert.equal(eff.possible.has(catalog.action("iam:CreateUser")!.id), false);
  assert.equal(eff.possible.has(catalog.action("organizations:LeaveOrganization")!.id), false);
  assert.equal(eff.possible.has(catalog.action("iam:CreateServiceLinkedRole")!.id), true);
  assert.equal(eff.possible.has(catalog.action("ec2:RunInstances")!.id), true);
});
