import assert from "node:assert/strict";
import { test } from "node:test";
import { callerConditions } from "../../../core/engine/findings/permissive/trust/caller.js";
import { accountCaller, memberCaller } from "../../../core/engine/findings/permissive/trust/callers.js";
import { parsePolicyOrThrow } from "../../../core/engine/policy/parse.js";
import { RCP_SERVICES, resourceControlDenial } from "../../../core/engine/policy/resource-control.js";
import { doc } from "../../helpers/policies.js";

const ACCOUNT = "111111111111";
const NOW = "2026-01-01T00:00:00.000Z";
const rcp = (...statements: object[]) => [
  {
    source: "arn:aws:organizations::999999999999:policy/o-exampleorg1/resource_control_policy/p-guard",
    policy: parsePolicyOrThrow(doc(...statements), "rcp", { kind: "resource" }),
  },
];
const member = memberCaller(NOW, ACCOUNT, {
  type: "role",
  arn: `arn:aws:iam::${ACCOUNT}:role/App`,
  name: "App",
});
const request = (action: string, resource: string, caller = member) => ({
  action,
  resource,
  names: caller.names,
  conditions: (clauses: Parameters<typeof callerConditions>[1]) =>
    callerConditions(caller, clauses, "every-request"),
});

/** A resource of the account for each service RCPs govern (Secrets Manager, KMS, SQS, STS ARNs carry the account). */
const RESOURCES: Record<string, string> = {
  s3: "arn:aws:s3:::bucket/key",
  sts: `arn:aws:iam::${ACCOUNT}:role/App`,
  kms: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  sqs: `arn:aws:sqs:us-east-1:${ACCOUNT}:queue`,
  secretsmanager: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-AbCdEf`,
};

test("the RCP service table is not empty and every entry has a test resource", () => {
  assert.ok(RCP_SERVICES.length > 0);
  assert.deepEqual(RCP_SERVICES.map((s) => s.service).sort(), Object.keys(RESOURCES).sort());
});

for (const { service } of RCP_SERVICES) {
  test(`an RCP Deny of ${service}:* applies to the account's ${service} resources`, () => {
    const policies = rcp({ Effect: "Deny", Principal: "*", Action: `${service}:*`, Resource: "*" });
    const denial = resourceControlDenial(
      policies,
      ACCOUNT,
      request(`${service}:AnyAction`, RESOURCES[service]!),
    );
    // An S3 ARN does not say which account owns the bucket.
    assert.equal(denial.certainty, service === "s3" ? "maybe" : "yes");
    assert.deepEqual(denial.policies, [policies[0]!.source]);
  });
}

test("RCPs do not govern services outside the table, nor another account's resources", () => {
  const policies = rcp({ Effect: "Deny", Principal: "*", Action: "*", Resource: "*" });
  assert.equal(
    resourceControlDenial(policies, ACCOUNT, request("iam:PassRole", RESOURCES.sts!)).certainty,
    "no",
  );
  const elsewhere = "arn:aws:sqs:us-east-1:222222222222:queue";
  assert.equal(
    resourceControlDenial(policies, ACCOUNT, request("sqs:SendMessage", elsewhere)).certainty,
    "no",
  );
});

test("an identity perimeter RCP denies callers outside the organization and lets members through", () => {
  const perimeter = rcp({
    Effect: "Deny",
    Principal: "*",
    Action: "sts:AssumeRole",
    Resource: "*",
    Condition: {
      StringNotEqualsIfExists: { "aws:PrincipalOrgID": "o-exampleorg1" },
      Bool: { "aws:PrincipalIsAWSService": "false" },
    },
  });
  const outsider = accountCaller(NOW);
  assert.equal(
    resourceControlDenial(perimeter, ACCOUNT, request("sts:AssumeRole", RESOURCES.sts!, outsider)).certainty,
    "yes",
  );
  const insider = {
    ...member,
    known: {
      ...member.known,
      "aws:principalorgid": ["o-exampleorg1"],
      "aws:principalisawsservice": ["false"],
    },
    unknown: member.unknown.filter((k) => k !== "aws:principalorgid"),
  };
  assert.equal(
    resourceControlDenial(perimeter, ACCOUNT, request("sts:AssumeRole", RESOURCES.sts!, insider)).certainty,
    "no",
  );
});

test("only Deny statements decide: RCPFullAWSAccess and other Allows grant nothing", () => {
  const full = rcp({ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" });
  assert.deepEqual(resourceControlDenial(full, ACCOUNT, request("kms:Decrypt", RESOURCES.kms!)), {
    certainty: "no",
    policies: [],
  });
});

test("a Deny on a value the caller chooses (its session name) does not stop it: it picks another", () => {
  const policies = rcp({
    Effect: "Deny",
    Principal: "*",
    Action: "sts:AssumeRole",
    Resource: "*",
    Condition: { StringLike: { "sts:RoleSessionName": "blocked-*" } },
  });
  assert.equal(
    resourceControlDenial(policies, ACCOUNT, request("sts:AssumeRole", RESOURCES.sts!)).certainty,
    "no",
  );
});
