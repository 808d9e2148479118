import assert from "node:assert/strict";
import { test } from "node:test";
import { ACCOUNT, ownPolicy, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, run } from "./fixture.js";

const ADMIN = { Effect: "Allow", Action: "*", Resource: "*" };

/** The privilege-escalation findings of a role writing inline policies on `resource`, beside an admin role `victim`. */
function roleWriting(resource: string) {
  const app = role("app", ownPolicy([{ Effect: "Allow", Action: "iam:PutRolePolicy", Resource: resource }]));
  const victim = role("victim", ownPolicy([ADMIN]));
  return findingsOf(run(snapshotWith({ roles: [app, victim] })), "privilege-escalation", app.arn);
}

// A role's session carries no aws:username: IAM sets it for IAM users alone, and a policy variable
// whose key is not present matches nothing, so `role/${aws:username}` names no role for a role.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-username
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
// ("not present means ... any attempt to match it fails")
test("a role may write inline policies on role/${aws:username} only, which names no role: no escalation path", () => {
  const found = roleWriting(`arn:aws:iam::${ACCOUNT}:role/\${aws:username}`);
  assert.deepEqual(
    found.map((f) => `${f.severity} ${f.title}`),
    [],
  );
});

// The variable's default stands in for the absent key: `${aws:username, 'victim'}` names the admin role.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-default-values
test("a default value for the absent user name names the role it spells, whose policies the role may write", () => {
  const [found] = roleWriting(`arn:aws:iam::${ACCOUNT}:role/\${aws:username, 'victim'}`);
  assert.ok(found, "a path through the role the default names");
  assert.equal(found.severity, "high", `${found.title}: ${found.detail}`);
});

test("a user may still write inline policies on user/${aws:username}, which names itself", () => {
  const alice = user(
    "alice",
    ownPolicy([
      {
        Effect: "Allow",
        Action: "iam:PutUserPolicy",
        Resource: `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`,
      },
    ]),
  );
  const [found] = findingsOf(run(snapshotWith({ users: [alice] })), "privilege-escalation", alice.arn);
  assert.ok(found, "alice may write herself an administrator's policy");
  assert.equal(found.severity, "high");
});

// A Deny on role/${aws:username} denies a role nothing: its Resource names no role.
test("a Deny on role/${aws:username} does not hide a role's path onto an admin role", () => {
  const app = role(
    "app",
    ownPolicy([
      { Effect: "Allow", Action: "iam:PutRolePolicy", Resource: `arn:aws:iam::${ACCOUNT}:role/*` },
      {
        Effect: "Deny",
        Action: "iam:PutRolePolicy",
        Resource: `arn:aws:iam::${ACCOUNT}:role/\${aws:username}`,
      },
    ]),
  );
  const victim = role("victim", ownPolicy([ADMIN]));
  const [found] = findingsOf(run(snapshotWith({ roles: [app, victim] })), "privilege-escalation", app.arn);
  assert.ok(found);
  assert.equal(found.severity, "high", `${found.title}: ${found.detail}`);
});

/** The privilege-escalation findings of user alice (its tags `tags`) holding `statements`. */
function aliceFindings(statements: object[], tags: { key: string; value: string }[] = []) {
  const alice = user("alice", { ...ownPolicy(statements), tags });
  return findingsOf(run(snapshotWith({ users: [alice] })), "privilege-escalation", alice.arn);
}

const BY_TAG = {
  Effect: "Allow",
  Action: "iam:PutUserPolicy",
  Resource: `arn:aws:iam::${ACCOUNT}:user/\${aws:PrincipalTag/me}`,
};

// A request carries the tags its user has: an untagged user's names no user by `${aws:PrincipalTag/me}`.
test("a user whose policies name users by a tag it lacks, and cannot set, gets no path from them", () => {
  assert.deepEqual(aliceFindings([BY_TAG]), []);
  const [tagged] = aliceFindings([BY_TAG], [{ key: "me", value: "alice" }]);
  assert.equal(tagged?.severity, "high", "tagged me=alice, it names itself");
});

// With iam:TagUser on itself it sets the tag, naming itself, then writes itself any policy.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagUser.html
test("a user that may tag itself escalates through a Resource naming users by its tag", () => {
  const [found] = aliceFindings([
    { Effect: "Allow", Action: "iam:TagUser", Resource: `arn:aws:iam::${ACCOUNT}:user/alice` },
    BY_TAG,
  ]);
  assert.ok(found, "tagging itself me=alice lets it write itself a policy");
  assert.match(found.title, /iam:TagUser/);
  assert.equal(found.severity, "high");
});
