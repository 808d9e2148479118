import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { ACCOUNT, ownPolicy, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, run, trustDoc } from "./fixture.js";

const FULL = { Effect: "Allow", Action: "*", Resource: "*" };
const BREAK_GLASS = `arn:aws:iam::${ACCOUNT}:role/breakglass`;

/**
 * A common guardrail: an SCP denying IAM to every principal but a break-glass role, told apart by
 * aws:PrincipalArn. The role's own sessions carry its ARN, so the Deny never applies to them.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 */
const guardrail = {
  id: "o-guard",
  scpLevels: [
    {
      targetId: "r-root",
      policies: [
        {
          id: "p-full",
          arn: "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess",
          name: "FullAWSAccess",
          document: doc(FULL),
        },
        {
          id: "p-iam",
          arn: "arn:aws:organizations::999988887777:policy/o-guard/service_control_policy/p-iam",
          name: "iam-break-glass-only",
          document: doc({
            Effect: "Deny",
            Action: "iam:*",
            Resource: "*",
            Condition: { ArnNotLike: { "aws:PrincipalArn": BREAK_GLASS } },
          }),
        },
      ],
    },
  ],
};

// The session of an assumed role acts as the role: the SCP's exception is its, whoever assumed it.
test("an administrator the SCP denies IAM who can assume the role the SCP spares is one in full", () => {
  const breakglass = role("breakglass", {
    trustPolicy: trustDoc({ AWS: `arn:aws:iam::${ACCOUNT}:root` }),
    ...ownPolicy([FULL]),
  });
  const ops = user("ops", ownPolicy([FULL]));
  const findings = run(snapshotWith({ users: [ops], roles: [breakglass], organization: guardrail }));
  const [admin] = findingsOf(findings, "admin-access", ops.arn);
  assert.equal(admin?.severity, "critical", `${admin?.title} (${admin?.detail})`);
  assert.deepEqual(admin?.evidence.assumes, [breakglass.arn]);
});

test("without a way into the spared role the SCP's Deny keeps the administrator conditional", () => {
  const breakglass = role("breakglass", {
    trustPolicy: trustDoc({ AWS: `arn:aws:iam::999988887777:root` }),
    ...ownPolicy([FULL]),
  });
  const ops = user("ops", ownPolicy([FULL]));
  const findings = run(snapshotWith({ users: [ops], roles: [breakglass], organization: guardrail }));
  const [admin] = findingsOf(findings, "admin-access", ops.arn);
  assert.equal(admin?.severity, "high", `${admin?.title} (${admin?.detail})`);
});

/** The guardrail's Deny widened to these actions, still sparing the break-glass role alone. */
const sparing = (action: string) => ({
  ...guardrail,
  scpLevels: guardrail.scpLevels.map((level) => ({
    ...level,
    policies: level.policies.map((p) =>
      p.id === "p-iam"
        ? {
            ...p,
            document: doc({
              Effect: "Deny",
              Action: action,
              Resource: "*",
              Condition: { ArnNotLike: { "aws:PrincipalArn": BREAK_GLASS } },
            }),
          }
        : p,
    ),
  })),
});

// A role's every call carries its ARN, so a Deny sparing another role's ARN always applies to it.
test("an administrator role the SCP denies IAM is told what the SCP takes from it", () => {
  const deploy = role("deploy", { ...ownPolicy([FULL]) });
  const findings = run(snapshotWith({ roles: [deploy], organization: guardrail }));
  const [admin] = findingsOf(findings, "admin-access", deploy.arn);
  assert.equal(admin?.evidence.level, "scp-limited");
  assert.deepEqual(admin?.evidence.deniedServices, ["iam"]);
  assert.deepEqual(admin?.evidence.limitedBy, [
    { policy: guardrail.scpLevels[0]!.policies[1]!.arn, statementIndex: 0 },
  ]);
  assert.doesNotMatch(admin!.detail, /deny 0 actions/);
});

test("an administrator role the SCP denies everything is no administrator", () => {
  const deploy = role("deploy", { ...ownPolicy([FULL]) });
  const findings = run(snapshotWith({ roles: [deploy], organization: sparing("*") }));
  assert.deepEqual(findingsOf(findings, "admin-access", deploy.arn), []);
});

// A user's federated sessions carry another ARN and principal type than its own calls: a Deny
// decided for one kind of call is not for the other, and the finding says which it takes from.
test("a user the SCPs deny part to as itself, part as a federated user, is told both", () => {
  const ops = user("ops", ownPolicy([FULL]));
  const federated = {
    Effect: "Deny",
    Action: "ec2:*",
    Resource: "*",
    Condition: { StringEquals: { "aws:PrincipalType": "FederatedUser" } },
  };
  const organization = {
    ...guardrail,
    scpLevels: guardrail.scpLevels.map((level) => ({
      ...level,
      policies: level.policies.map((p) =>
        p.id === "p-iam" ? { ...p, document: doc(p.document.Statement[0]!, federated) } : p,
      ),
    })),
  };
  const findings = run(snapshotWith({ users: [ops], organization }));
  const [admin] = findingsOf(findings, "admin-access", ops.arn);
  assert.equal(admin?.evidence.level, "scp-limited");
  assert.deepEqual(admin?.evidence.deniedServices, ["ec2", "iam"]);
  assert.deepEqual(admin?.evidence.limitedBy, [
    { policy: guardrail.scpLevels[0]!.policies[1]!.arn, statementIndex: 0 },
    { policy: guardrail.scpLevels[0]!.policies[1]!.arn, statementIndex: 1 },
  ]);
  assert.doesNotMatch(admin!.detail, /deny 0 actions/);
  assert.match(admin!.detail, /\(services: iam\) to the calls it signs itself/);
  assert.match(admin!.detail, /\(services: ec2\) to its federated-user sessions/);
});
