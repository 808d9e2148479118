import assert from "node:assert/strict";
import { test } from "node:test";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// A job creates a secret by name each run, then writes, reads and deletes it by the ARN CreateSecret
// answered (`…:secret:NAME-` and six random characters, which the CreateSecret record's parameters
// do not hold). https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
const SECRETS = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret`;
const USES = ["PutSecretValue", "GetSecretValue", "DeleteSecret"];
const job = role("rotator", {
  ...ownPolicy([
    {
      Effect: "Allow",
      Action: ["secretsmanager:CreateSecret", ...USES.map((u) => `secretsmanager:${u}`)],
      Resource: `${SECRETS}:*`,
    },
  ]),
});

const record = (eventName: string, eventTime: string, requestParameters: object) =>
  eventItem({
    eventSource: "secretsmanager.amazonaws.com",
    eventName,
    eventTime,
    recipientAccountId: ACCOUNT,
    userIdentity: roleSession(job.arn, "rotator"),
    requestParameters,
  } as never);

/** One run on `day`: the secret `job/run-DAY` created, then used by its ARN ending in `suffix`. */
const run = (day: number, suffix: string) => {
  const arn = `${SECRETS}:job/run-202605${day}-${suffix}`;
  const at = (minute: number) => `2026-05-${day}T01:0${minute}:00Z`;
  return [
    record("CreateSecret", at(0), { name: `job/run-202605${day}` }),
    ...USES.map((use, i) => record(use, at(i + 1), { secretId: arn })),
  ];
};

async function documentsOf(runs: ReturnType<typeof run>[]) {
  const report = await auditOf(snapshotWith({ roles: [job] }), runs.flat());
  const rec = report.recommendations.find((r) => r.principalArn === job.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  return rec!.policies.map((p) => p.document);
}

test("a secret created each run and then named by its ARN may be used on the next run", async () => {
  const documents = await documentsOf([run(18, "AbCdEf"), run(19, "XyZ123")]);
  const text = JSON.stringify(documents);
  for (const use of USES) {
    const decide = (resource: string) =>
      holderDecision(documents, { action: `secretsmanager:${use}`, resource });
    assert.equal(decide(`${SECRETS}:job/run-20260520-Qw9Rt5`), "Allow", `${use} ${text}`);
    // Within today's grant only: not another region's secrets.
    assert.equal(
      decide(`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:job/run-20260520-Qw9Rt5`),
      "ImplicitDeny",
      `${use} ${text}`,
    );
  }
});

test("a secret created once and named by its ARN keeps that secret alone", async () => {
  const documents = await documentsOf([run(18, "AbCdEf")]);
  const text = JSON.stringify(documents);
  for (const use of USES) {
    const decide = (resource: string) =>
      holderDecision(documents, { action: `secretsmanager:${use}`, resource });
    assert.equal(decide(`${SECRETS}:job/run-20260518-AbCdEf`), "Allow", `${use} ${text}`);
    assert.equal(decide(`${SECRETS}:job/other-Qw9Rt5`), "ImplicitDeny", `${use} ${text}`);
  }
});
