import assert from "node:assert/strict";
import { test } from "node:test";
import { makeContext } from "../../../core/engine/policy/context.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// "When a user specifies the name of a session document in a command, the systems checks their IAM
// policy to verify they have permission to access the document. If they don't have permission, the
// connection request fails."
// https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-specify-session-document.html
// StartSession's record lists the managed node it connects to, not the document.
const INSTANCE = `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-02573cafcfEXAMPLE`;
const PORT_FORWARDING = "arn:aws:ssm:us-east-1::document/AWS-StartPortForwardingSession";

test("a session started with a session document keeps ssm:StartSession on that document", async () => {
  const app = role("ops", {
    ...ownPolicy([
      {
        Effect: "Allow",
        Action: "ssm:StartSession",
        Resource: [
          `arn:aws:ec2:*:${ACCOUNT}:instance/*`,
          "arn:aws:ssm:*:*:document/AWS-StartPortForwardingSession",
        ],
      },
    ]),
  });
  const report = await auditOf(snapshotWith({ roles: [app] }), [
    eventItem({
      eventSource: "ssm.amazonaws.com",
      eventName: "StartSession",
      userIdentity: roleSession(app.arn, "ops"),
      requestParameters: {
        target: "i-02573cafcfEXAMPLE",
        documentName: "AWS-StartPortForwardingSession",
        parameters: { portNumber: ["80"], localPortNumber: ["56789"] },
      },
      resources: [{ ARN: INSTANCE }],
    }),
  ]);
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  const documents = rec!.policies.map((p) => p.document);
  for (const resource of [INSTANCE, PORT_FORWARDING])
    assert.equal(
      holderDecision(documents, { action: "ssm:StartSession", resource }),
      "Allow",
      `the next session is refused on ${resource}: ${JSON.stringify(documents)}`,
    );
});

// "aws ssm start-session --target i-02573cafcfEXAMPLE" names no document: Session Manager uses the
// account's default session document, SSM-SessionManagerRunShell, and with the condition
// `"BoolIfExists": {"ssm:SessionDocumentAccessCheck": "true"}` on ssm:StartSession "explicit access
// to a session document must be granted in the IAM policy for the user to start a session".
// https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-sessiondocumentaccesscheck.html
// https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-default-session-document.html
const DEFAULT_DOCUMENT = `arn:aws:ssm:us-east-1:${ACCOUNT}:document/SSM-SessionManagerRunShell`;

const shellSession = (arn: string) =>
  eventItem({
    eventSource: "ssm.amazonaws.com",
    eventName: "StartSession",
    userIdentity: roleSession(arn, "ops"),
    requestParameters: { target: "i-02573cafcfEXAMPLE" },
    resources: [{ ARN: INSTANCE }],
  });

test("a session started without a document keeps ssm:StartSession on the default session document granted", async () => {
  const checked = { BoolIfExists: { "ssm:SessionDocumentAccessCheck": "true" } };
  const app = role("ops", {
    ...ownPolicy([
      {
        Effect: "Allow",
        Action: "ssm:StartSession",
        Resource: [`arn:aws:ec2:*:${ACCOUNT}:instance/*`, DEFAULT_DOCUMENT],
        Condition: checked,
      },
    ]),
  });
  const report = await auditOf(snapshotWith({ roles: [app] }), [shellSession(app.arn)]);
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  const documents = rec!.policies.map((p) => p.document);
  const checking = makeContext({ "ssm:SessionDocumentAccessCheck": "true" });
  for (const resource of [INSTANCE, DEFAULT_DOCUMENT])
    assert.equal(
      holderDecision(documents, { action: "ssm:StartSession", resource, context: checking }),
      "Allow",
      `the next session is refused on ${resource}: ${JSON.stringify(documents)}`,
    );
  assert.deepEqual(rec!.notAllowed, [], "nothing the session needed is refused");
});

test("a session started without a document, its default document not granted, lists nothing refused", async () => {
  const app = role("ops", {
    ...ownPolicy([
      { Effect: "Allow", Action: "ssm:StartSession", Resource: `arn:aws:ec2:*:${ACCOUNT}:instance/*` },
    ]),
  });
  const report = await auditOf(snapshotWith({ roles: [app] }), [shellSession(app.arn)]);
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  assert.deepEqual(rec!.notAllowed, [], "the default document was only possibly needed");
  const documents = rec!.policies.map((p) => p.document);
  assert.equal(holderDecision(documents, { action: "ssm:StartSession", resource: INSTANCE }), "Allow");
  assert.equal(
    holderDecision(documents, { action: "ssm:StartSession", resource: DEFAULT_DOCUMENT }),
    "ImplicitDeny",
    "no grant beyond today's",
  );
});
