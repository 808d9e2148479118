import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parsePolicy } from "../../../../core/engine/policy/parse.js";
import { doc } from "../../../helpers/policies.js";
import { ACCOUNT, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, run } from "./fixture.js";

/**
 * IAM refuses NotPrincipal in a trust policy now, but AWS documented what an Allow with it means:
 * everyone but the principals it names, anonymous callers included. A trust policy holding one is
 * at least as open as that.
 * https://github.com/awsdocs/iam-user-guide/blob/614c30d1d9ac171ed8d245f126a71db083b250fc/doc_source/reference_policies_elements_notprincipal.md
 */
const notPrincipal = (value: unknown) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", NotPrincipal: value, Action: "sts:AssumeRole" }],
});
const adminRole = (trustPolicy: unknown) =>
  role("admin", {
    trustPolicy,
    inlinePolicies: [{ name: "a", document: doc({ Effect: "Allow", Action: "*", Resource: "*" }) }],
  });
const dev = user("dev", {
  inlinePolicies: [
    { name: "p", document: doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }) },
  ],
});
const findingsWith = (trustPolicy: unknown) =>
  run(snapshotWith({ users: [dev], roles: [adminRole(trustPolicy)] }));
const reached = (findings: ReturnType<typeof run>) => {
  const chains = findingsOf(findings, "privilege-escalation", dev.arn)[0]?.evidence.chains as
    | { roles: { arn: string }[] }[]
    | undefined;
  return (chains ?? []).flatMap((c) => c.roles.map((r) => r.arn.split("/").pop()));
};

describe("trust policies with NotPrincipal", () => {
  test("an Allow with NotPrincipal naming one outside user trusts any principal", () => {
    const findings = findingsWith(notPrincipal({ AWS: "arn:aws:iam::444455556666:user/bob" }));
    const any = findingsOf(findings, "trust-any-principal");
    assert.equal(any.length, 1);
    assert.equal(any[0]?.severity, "critical");
  });

  test("an Allow with NotPrincipal naming the account itself still trusts every other account", () => {
    const findings = findingsWith(notPrincipal({ AWS: `arn:aws:iam::${ACCOUNT}:root` }));
    assert.equal(findingsOf(findings, "trust-any-principal").length, 1);
    assert.deepEqual(reached(findings), [], "the account's own principals are the ones it names");
  });

  test("the account's principals allowed sts:AssumeRole reach the role, unless it names them", () => {
    assert.deepEqual(reached(findingsWith(notPrincipal({ AWS: "arn:aws:iam::444455556666:root" }))), [
      "admin",
    ]);
    assert.deepEqual(reached(findingsWith(notPrincipal({ Service: "ec2.amazonaws.com" }))), ["admin"]);
    assert.deepEqual(reached(findingsWith(notPrincipal({ AWS: dev.arn }))), []);
  });

  test("NotPrincipal * lets nobody in", () => {
    const findings = findingsWith(notPrincipal("*"));
    assert.deepEqual(findingsOf(findings, "trust-any-principal"), []);
    assert.deepEqual(reached(findings), []);
  });

  test("the trust policy is still reported invalid, and its statement still evaluated", () => {
    const parsed = parsePolicy(notPrincipal({ AWS: "arn:aws:iam::444455556666:user/bob" }), {
      kind: "trust",
    });
    assert.deepEqual(
      parsed.problems.map((p) => [p.code, p.severity]),
      [["not-principal-in-trust-policy", "error"]],
    );
    assert.equal(parsed.policy?.statements.length, 1);
  });
});

describe("trust policies with a Deny NotPrincipal", () => {
  const denyAllBut = (value: string) => ({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" },
      { Effect: "Deny", NotPrincipal: { AWS: value }, Action: "sts:AssumeRole" },
    ],
  });

  test("a Deny with NotPrincipal keeps out every principal it does not name", () => {
    assert.deepEqual(reached(findingsWith(denyAllBut(`arn:aws:iam::${ACCOUNT}:user/boss`))), []);
    assert.deepEqual(reached(findingsWith(denyAllBut(dev.arn))), ["admin"]);
  });

  /**
   * "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a
   * permissions boundary policy attached, regardless of the values specified in the NotPrincipal
   * element." https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
   */
  test("it keeps out a caller with a permissions boundary even when it names it", () => {
    const fence = `arn:aws:iam::${ACCOUNT}:policy/fence`;
    const bounded = { ...dev, permissionsBoundaryArn: fence };
    const fenced = (boundary: string | undefined) =>
      run(
        snapshotWith({
          users: [boundary ? { ...bounded, permissionsBoundaryArn: boundary } : dev],
          roles: [adminRole(denyAllBut(dev.arn))],
          managedPolicies: {
            [fence]: {
              arn: fence,
              name: "fence",
              isAwsManaged: false,
              defaultVersionId: "v1",
              document: doc({ Effect: "Allow", Action: "*", Resource: "*" }),
            },
          },
        }),
      );
    assert.deepEqual(reached(fenced(fence)), []);
    assert.deepEqual(findingsOf(fenced(fence), "privilege-escalation", dev.arn), []);
    assert.deepEqual(reached(fenced(undefined)), ["admin"]);
  });
});
