import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { accountAdmin, assumeTagged } from "../../../helpers/trust-fixture.js";
import { findingsOf, pathIds, run } from "./fixture.js";

/**
 * Attribute-based policies test the caller's tags (aws:PrincipalTag), and iam:TagUser on oneself
 * sets any tag to any value: a user allowed it meets every tag condition of its own policies.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/tutorial_attribute-based-access-control.html
 */
const platformOnly = (extra: object = {}) => ({
  Effect: "Allow",
  Action: "iam:*",
  Resource: "*",
  Condition: { StringEquals: { "aws:PrincipalTag/team": "platform" } },
  ...extra,
});
const web = [{ key: "team", value: "web" }];
const dev = (...statements: object[]) =>
  user("dev", { tags: web, inlinePolicies: [{ name: "p", document: doc(...statements) }] });
const tagSelf = { Effect: "Allow", Action: "iam:TagUser", Resource: dev().arn };
const escalation = (u: ReturnType<typeof user>) =>
  findingsOf(run(snapshotWith({ users: [u] })), "privilege-escalation", u.arn)[0];

/** A Deny on the caller's own team tag, beside an Allow it holds back. */
const locked = {
  Effect: "Deny",
  Action: "s3:*",
  Resource: "*",
  Condition: { StringEquals: { "aws:PrincipalTag/team": "web" } },
};
const s3 = { Effect: "Allow", Action: "s3:*", Resource: "*" };
/** An administrator role the account may assume with the platform team's tag only. */
const admin = accountAdmin("platform-admin", {
  trustCondition: { StringEquals: { "aws:PrincipalTag/team": "platform" } },
});
const assume = { Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" };

describe("privilege-escalation by a user tagging itself", () => {
  test("a user allowed iam:* for another team's tag, and to tag itself, can escalate", () => {
    const finding = escalation(dev(platformOnly(), tagSelf));
    assert.deepEqual(pathIds(finding), ["whittle-tag-self"]);
    assert.equal(finding?.severity, "high");
  });

  test("a Deny on its own tag is escaped by retagging", () => {
    assert.deepEqual(pathIds(escalation(dev(s3, locked, tagSelf))), ["whittle-tag-self"]);
  });

  test("a role trusting the account for another team's tag is assumed once the user retags itself", () => {
    const chainTo = (u: ReturnType<typeof user>) =>
      findingsOf(run(snapshotWith({ users: [u], roles: [admin] })), "privilege-escalation", u.arn)[0];
    assert.equal(chainTo(dev(assume))?.severity, undefined, "its tags keep it out");
    const finding = chainTo(dev(assume, tagSelf));
    assert.equal(finding?.severity, "high");
    assert.ok(JSON.stringify(finding?.evidence).includes(admin.arn));
  });

  test("without iam:TagUser on itself, the tag condition holds it", () => {
    assert.equal(escalation(dev(platformOnly())), undefined);
    const other = { ...tagSelf, Resource: user("someone").arn };
    assert.equal(escalation(dev(platformOnly(), other)), undefined);
  });

  test("tagging itself gains nothing when no policy of its own tests its tags", () => {
    const s3 = { Effect: "Allow", Action: "s3:GetObject", Resource: "*" };
    assert.equal(escalation(dev(s3, tagSelf)), undefined);
  });

  test("nor when the tag condition is already met", () => {
    const platform = user("dev", {
      tags: [{ key: "team", value: "platform" }],
      inlinePolicies: [{ name: "p", document: doc({ ...platformOnly(), Action: "s3:*" }, tagSelf) }],
    });
    assert.equal(escalation(platform), undefined);
  });
});

describe("privilege-escalation by a role tagging itself", () => {
  const app = (...statements: object[]) =>
    role("app", { tags: web, inlinePolicies: [{ name: "p", document: doc(...statements) }] });
  const tagRole = { Effect: "Allow", Action: "iam:TagRole", Resource: app().arn };
  const roleEscalation = (r: ReturnType<typeof role>, ...roles: ReturnType<typeof role>[]) =>
    findingsOf(run(snapshotWith({ roles: [r, ...roles] })), "privilege-escalation", r.arn)[0];

  test("a role allowed iam:* for another team's tag, and to tag itself, escalates for certain", () => {
    const finding = roleEscalation(app(platformOnly(), tagRole));
    assert.ok(pathIds(finding).includes("whittle-tag-self-role"), pathIds(finding).join());
    assert.equal(finding?.severity, "high");
    assert.equal(roleEscalation(app(platformOnly()))?.severity, "medium", "without it, only conditionally");
  });

  test("a Deny on its own tag is escaped by retagging", () => {
    assert.deepEqual(pathIds(roleEscalation(app(s3, locked, tagRole))), ["whittle-tag-self-role"]);
    assert.equal(roleEscalation(app(s3, locked)), undefined);
  });

  test("a role trusting the account for another team's tag is assumed once the role retags itself", () => {
    assert.equal(roleEscalation(app(assume), admin), undefined, "its tags keep it out");
    const finding = roleEscalation(app(assume, tagRole), admin);
    assert.equal(finding?.severity, "high");
    assert.ok(JSON.stringify(finding?.evidence.chains).includes(admin.arn));
  });

  test("iam:TagUser, or iam:TagRole on another role, is no way to tag a role itself", () => {
    const s3 = platformOnly({ Action: "s3:*" });
    assert.deepEqual(pathIds(roleEscalation(app(s3, { ...tagRole, Resource: "*" }))), [
      "whittle-tag-self-role",
    ]);
    const tagUsers = { Effect: "Allow", Action: "iam:TagUser", Resource: "*" };
    assert.equal(roleEscalation(app(s3, tagUsers)), undefined);
    const other = { ...tagRole, Resource: role("someone").arn };
    assert.equal(roleEscalation(app(s3, other)), undefined);
  });
});

/**
 * A statement that tests the resource's tags (aws:ResourceTag, iam:ResourceTag) on a user, role or
 * policy the caller may tag is met once the caller tags it: iam:TagRole on itself turns a grant
 * held back by its own tags into one it can make.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_iam-tags.html#access_iam-tags_control-resources
 */
describe("privilege-escalation by tagging the resource a tag condition tests", () => {
  const app = (...statements: object[]) =>
    role("app", { tags: web, inlinePolicies: [{ name: "p", document: doc(...statements) }] });
  const self = app().arn;
  const opsOnly = (action: string, resource: string, key = "aws:ResourceTag/owner") => ({
    Effect: "Allow",
    Action: action,
    Resource: resource,
    Condition: { StringEquals: { [key]: "ops" } },
  });
  const tagRole = { Effect: "Allow", Action: "iam:TagRole", Resource: self };
  const roleEscalation = (r: ReturnType<typeof role>, users: ReturnType<typeof user>[] = []) =>
    findingsOf(run(snapshotWith({ roles: [r], users })), "privilege-escalation", r.arn)[0];

  test("a role that may tag itself writes itself a policy held back by its own owner tag", () => {
    for (const key of ["aws:ResourceTag/owner", "iam:ResourceTag/owner"]) {
      const finding = roleEscalation(app(opsOnly("iam:PutRolePolicy", self, key), tagRole));
      assert.equal(finding?.severity, "high", key);
      assert.ok(pathIds(finding).includes("iam-005"), pathIds(finding).join());
      const paths = finding?.evidence.paths as { id: string; steps: { retagged?: string[] }[] }[];
      assert.deepEqual(
        paths.find((p) => p.id === "iam-005")?.steps[0]?.retagged,
        [self],
        "it tags itself first",
      );
    }
    assert.equal(roleEscalation(app(opsOnly("iam:AttachRolePolicy", self), tagRole))?.severity, "high");
  });

  test("a role whose own tags already meet the condition writes itself a policy for certain", () => {
    const ops = [{ key: "owner", value: "ops" }];
    const owned = role("app", {
      tags: ops,
      inlinePolicies: [{ name: "p", document: doc(opsOnly("iam:PutRolePolicy", self)) }],
    });
    const finding = roleEscalation(owned);
    assert.equal(finding?.severity, "high");
    const paths = finding?.evidence.paths as { id: string; steps: { retagged?: string[] }[] }[];
    assert.equal(paths.find((p) => p.id === "iam-005")?.steps[0]?.retagged, undefined, "no tagging needed");
    const opsRole = role("ops-role", { tags: ops });
    const anyOps = app(opsOnly("iam:PutRolePolicy", "*"));
    const other = findingsOf(
      run(snapshotWith({ roles: [anyOps, opsRole] })),
      "privilege-escalation",
      anyOps.arn,
    )[0];
    assert.equal(other?.severity, "high", "a role tagged owner=ops is granted to for certain");
  });

  test("a role tagged as sts:AssumeRole's condition asks is assumed for certain", () => {
    const webAdmin = accountAdmin("web-admin", { tags: web });
    const caller = user("dev", {
      inlinePolicies: [{ name: "p", document: doc(assumeTagged("team", "web")) }],
    });
    const severity = (admin: ReturnType<typeof role>) =>
      findingsOf(
        run(snapshotWith({ users: [caller], roles: [admin] })),
        "privilege-escalation",
        caller.arn,
      )[0]?.severity;
    assert.equal(severity(webAdmin), "high");
    assert.equal(severity({ ...webAdmin, tags: [] }), undefined, "a role without the tag is refused");
  });

  test("without iam:TagRole on itself, or with it denied, a role lacking the owner tag is refused the grant", () => {
    const put = opsOnly("iam:PutRolePolicy", self);
    assert.equal(roleEscalation(app(put))?.severity, undefined);
    const denied = { ...tagRole, Effect: "Deny" };
    assert.equal(roleEscalation(app(put, tagRole, denied))?.severity, undefined);
    const other = { ...tagRole, Resource: role("someone").arn };
    assert.equal(roleEscalation(app(put, other))?.severity, undefined);
  });

  test("tagging allowed only with another value does not meet the condition", () => {
    const devOnly = { ...tagRole, Condition: { StringEquals: { "aws:RequestTag/owner": "dev" } } };
    assert.equal(roleEscalation(app(opsOnly("iam:PutRolePolicy", self), devOnly))?.severity, undefined);
    const opsAllowed = { ...tagRole, Condition: { StringEquals: { "aws:RequestTag/owner": "ops" } } };
    assert.equal(roleEscalation(app(opsOnly("iam:PutRolePolicy", self), opsAllowed))?.severity, "high");
  });

  test("a more privileged user the role may tag has its access key created", () => {
    const opsAdmin = user("ops-admin", {
      inlinePolicies: [{ name: "a", document: doc({ Effect: "Allow", Action: "*", Resource: "*" }) }],
    });
    const key = opsOnly("iam:CreateAccessKey", opsAdmin.arn);
    assert.equal(roleEscalation(app(key), [opsAdmin])?.severity, undefined, "it lacks the owner tag");
    const tagUser = { Effect: "Allow", Action: "iam:TagUser", Resource: opsAdmin.arn };
    const finding = roleEscalation(app(key, tagUser), [opsAdmin]);
    assert.equal(finding?.severity, "high");
    assert.ok(pathIds(finding).includes("iam-002"), pathIds(finding).join());
  });
});
