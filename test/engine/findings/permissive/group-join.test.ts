import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AccountPermissions } from "../../../../core/engine/account/permissions.js";
import { directPaths } from "../../../../core/engine/findings/permissive/escalation/direct.js";
import { catalog } from "../../../helpers/catalog.js";
import { doc } from "../../../helpers/policies.js";
import { ACCOUNT, group, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, pathIds, policyArn, run, trustDoc } from "./fixture.js";

/**
 * iam:AddUserToGroup adds a user, never a role: a role holding it escalates only through a user it
 * creates or holds the keys of, or for the user that assumed it.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html
 */
const admins = group("admins", { attachedPolicyArns: [policyArn("admin")] });
const allow = (...actions: string[]) => ({ Effect: "Allow", Action: actions, Resource: "*" });
const withPolicy = (...statements: object[]) => [{ name: "p", document: doc(...statements) }];
const account = (parts: Parameters<typeof snapshotWith>[0]) =>
  snapshotWith({
    groups: [admins],
    managedPolicies: managed("admin", doc(allow("*"))),
    ...parts,
  });
const escalation = (snapshot: ReturnType<typeof snapshotWith>, arn: string) =>
  findingsOf(run(snapshot), "privilege-escalation", arn)[0];

describe("privilege-escalation by joining a group", () => {
  test("a user allowed iam:AddUserToGroup joins a more privileged group", () => {
    const dev = user("dev", { inlinePolicies: withPolicy(allow("iam:AddUserToGroup")) });
    assert.deepEqual(pathIds(escalation(account({ users: [dev] }), dev.arn)), ["iam-013"]);
  });

  test("a role allowed only iam:AddUserToGroup cannot join a group itself", () => {
    const app = role("app", { inlinePolicies: withPolicy(allow("iam:AddUserToGroup")) });
    assert.equal(escalation(account({ roles: [app] }), app.arn), undefined);
  });

  test("a role that can also create a user and its access key escalates through that user", () => {
    const app = role("app", {
      inlinePolicies: withPolicy(allow("iam:AddUserToGroup", "iam:CreateUser", "iam:CreateAccessKey")),
    });
    const ids = pathIds(escalation(account({ roles: [app] }), app.arn));
    assert.ok(ids.includes("whittle-group-new-user"), ids.join());
    assert.ok(!ids.includes("iam-013"), ids.join());
  });

  test("a role that can create an existing user's access key escalates through that user", () => {
    const ann = user("ann");
    const app = role("app", {
      inlinePolicies: withPolicy(allow("iam:AddUserToGroup"), {
        Effect: "Allow",
        Action: "iam:CreateAccessKey",
        Resource: ann.arn,
      }),
    });
    const finding = escalation(account({ users: [ann], roles: [app] }), app.arn);
    assert.deepEqual(pathIds(finding), ["whittle-group-user-access-key"]);
    assert.ok(JSON.stringify(finding?.evidence).includes(ann.arn));
  });

  test("a role that can create a user and its console password escalates through that user", () => {
    const app = role("app", {
      inlinePolicies: withPolicy(allow("iam:AddUserToGroup", "iam:CreateUser", "iam:CreateLoginProfile")),
    });
    const ids = pathIds(escalation(account({ roles: [app] }), app.arn));
    assert.ok(ids.includes("whittle-group-new-user-login-profile"), ids.join());
    assert.ok(!ids.includes("iam-013"), ids.join());
  });

  test("a role that can set or reset an existing user's console password escalates through that user", () => {
    const ann = user("ann");
    for (const [action, path] of [
      ["iam:CreateLoginProfile", "whittle-group-user-login-profile"],
      ["iam:UpdateLoginProfile", "whittle-group-user-login-profile-reset"],
    ]) {
      const app = role("app", {
        inlinePolicies: withPolicy(allow("iam:AddUserToGroup"), {
          Effect: "Allow",
          Action: action,
          Resource: ann.arn,
        }),
      });
      const finding = escalation(account({ users: [ann], roles: [app] }), app.arn);
      assert.deepEqual(pathIds(finding), [path]);
      assert.ok(JSON.stringify(finding?.evidence).includes(ann.arn));
    }
  });

  test("a console password without iam:AddUserToGroup adds no group path", () => {
    const ann = user("ann");
    const app = role("app", {
      inlinePolicies: withPolicy({ Effect: "Allow", Action: "iam:CreateLoginProfile", Resource: ann.arn }),
    });
    assert.equal(escalation(account({ users: [ann], roles: [app] }), app.arn), undefined);
  });

  test("a user that can assume a role allowed iam:AddUserToGroup joins the group through it", () => {
    const app = role("app", {
      trustPolicy: trustDoc({ AWS: `arn:aws:iam::${ACCOUNT}:user/dev` }),
      inlinePolicies: withPolicy(allow("iam:AddUserToGroup")),
    });
    const dev = user("dev");
    const finding = escalation(account({ users: [dev], roles: [app] }), dev.arn);
    const chains = finding?.evidence.chains as { roles: { arn: string }[]; reaches: string[] }[];
    assert.deepEqual(
      chains.map((c) => [c.roles.map((r) => r.arn), c.reaches]),
      [[[app.arn], ["iam-013"]]],
    );
  });

  test("a role that can assume such a role gains nothing through it", () => {
    const app = role("app", {
      trustPolicy: trustDoc({ AWS: `arn:aws:iam::${ACCOUNT}:role/ci` }),
      inlinePolicies: withPolicy(allow("iam:AddUserToGroup")),
    });
    const ci = role("ci");
    assert.equal(escalation(account({ roles: [ci, app] }), ci.arn), undefined);
  });

  test("a role's paths for a user assuming it and for itself are each their own, whichever is asked first", () => {
    const app = role("app", {
      inlinePolicies: withPolicy(allow("iam:AddUserToGroup", "iam:CreateUser", "iam:CreateAccessKey")),
    });
    const snapshot = account({ roles: [app] });
    const pathsFor = (order: ("user" | "role")[]) => {
      const ctx = { catalog, snapshot, account: new AccountPermissions(catalog, snapshot) };
      const subject = ctx.account.of(app.arn)!;
      return Object.fromEntries(order.map((caller) => [caller, directPaths(ctx, subject, caller)]));
    };
    const alone = { ...pathsFor(["user"]), ...pathsFor(["role"]) };
    // Only a user joins the group itself; both take the path through a user the role creates.
    assert.ok(alone.user!.some((m) => m.path.id === "iam-013"));
    assert.ok(!alone.role!.some((m) => m.path.id === "iam-013"));
    assert.ok(alone.role!.some((m) => m.path.id === "whittle-group-new-user"));
    assert.deepEqual(pathsFor(["user", "role"]), alone);
    assert.deepEqual(pathsFor(["role", "user"]), alone);
  });
});
