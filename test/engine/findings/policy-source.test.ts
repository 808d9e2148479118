import assert from "node:assert/strict";
import { test } from "node:test";
import { applyExclusions, exclusionsSchema } from "../../../core/engine/findings/suppression.js";
import { role, snapshotWith } from "../../helpers/snapshot-fixture.js";
import { findingsOf, managed, policyArn, run, trustDoc } from "./permissive/fixture.js";

// Two inline policies of one role, each with a statement 0 that findings point at: only a policy
// identifier beside `statementIndex` tells a script (and an exclusion) which of them a finding means.
const wide = (action: string) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: action, Resource: "*" }],
});
const worker = role("worker", {
  inlinePolicies: [
    { name: "reads", document: wide("s3:*") },
    { name: "queues", document: wide("sqs:*") },
  ],
  trustPolicy: trustDoc({ AWS: "arn:aws:iam::210987654321:root" }),
});
const snapshot = snapshotWith({ roles: [worker] });
const source = (name: string) => `${worker.arn}#inline/${name}`;

test("statement findings on inline and trust policies name the policy their statementIndex is in", () => {
  const findings = run(snapshot);
  const services = findingsOf(findings, "service-wildcard", worker.arn);
  assert.deepEqual(services.map((f) => [f.policySource, f.statementIndex, f.policyArn]).sort(), [
    [source("queues"), 0, undefined],
    [source("reads"), 0, undefined],
  ]);
  const trust = findingsOf(findings, "trust-cross-account-no-external-id", worker.arn);
  assert.equal(trust.length, 1);
  assert.equal(trust[0]!.policySource, `${worker.arn}#trust`);
  assert.equal(trust[0]!.statementIndex, 0);
  for (const f of findings.filter((f) => f.statementIndex !== undefined))
    assert.ok(f.policySource, `${f.kind} has a statementIndex but no policySource`);
});

test("the inline-policy finding names the inline policy it is about", () => {
  assert.deepEqual(
    findingsOf(run(snapshot), "inline-policy", worker.arn)
      .map((f) => f.policySource)
      .sort(),
    [source("queues"), source("reads")],
  );
});

test("managed policy findings carry their ARN as both policyArn and policySource", () => {
  const arn = policyArn("everything");
  const holder = role("holder", { attachedPolicyArns: [arn] });
  const found = run(snapshotWith({ roles: [holder], managedPolicies: managed("everything", wide("s3:*")) }));
  const [service] = findingsOf(found, "service-wildcard", holder.arn);
  assert.equal(service?.policyArn, arn);
  assert.equal(service?.policySource, arn);
});

test("an exclusion's policies glob suppresses findings on one inline policy and not the other", () => {
  const exclusions = exclusionsSchema.parse({
    exclusions: [
      { name: "queues", reason: "owned by the queue team", policies: ["*:role/worker#inline/queues"] },
    ],
  });
  const result = applyExclusions(run(snapshot), snapshot, exclusions);
  const suppressed = result.filter((f) => f.suppressed);
  assert.deepEqual(
    ["inline-policy", "service-wildcard"].map((kind) => suppressed.some((f) => f.kind === kind)),
    [true, true],
  );
  for (const f of suppressed) assert.equal(f.policySource, source("queues"));
  assert.ok(result.some((f) => f.policySource === source("reads") && !f.suppressed));
});
