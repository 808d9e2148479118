import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { ACCOUNT, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, pathIds, run } from "./fixture.js";

/**
 * A principal that may create a user, role or group and grant it anything escalates through it,
 * whether or not a principal its grants name exists yet: the new user's access key, the new role
 * (whose trust policy, set at creation, names the caller), or the new group the caller joins,
 * carries what was granted.
 */
const escalation = (actions: string[], resource: string, condition?: object) => {
  const dev = user("dev", {
    inlinePolicies: [
      {
        name: "provision",
        document: doc({
          Effect: "Allow",
          Action: actions,
          Resource: resource,
          ...(condition ? { Condition: condition } : {}),
        }),
      },
    ],
  });
  return findingsOf(run(snapshotWith({ users: [dev] })), "privilege-escalation", dev.arn)[0];
};
const users = `arn:aws:iam::${ACCOUNT}:user/svc-*`;
const roles = `arn:aws:iam::${ACCOUNT}:role/app-*`;

describe("privilege-escalation through a principal the caller creates", () => {
  test("a new user with a managed or inline policy and an access key", () => {
    const attach = escalation(["iam:CreateUser", "iam:AttachUserPolicy", "iam:CreateAccessKey"], users);
    assert.deepEqual(pathIds(attach), ["whittle-new-user-managed-policy"]);
    assert.equal(attach?.severity, "high");
    const put = escalation(["iam:CreateUser", "iam:PutUserPolicy", "iam:CreateAccessKey"], users);
    assert.deepEqual(pathIds(put), ["whittle-new-user-inline-policy"]);
  });

  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateLoginProfile.html
  test("a new user with a managed or inline policy and a console password", () => {
    const attach = escalation(["iam:CreateUser", "iam:AttachUserPolicy", "iam:CreateLoginProfile"], users);
    assert.deepEqual(pathIds(attach), ["whittle-new-user-managed-policy-login-profile"]);
    assert.equal(attach?.severity, "high");
    const put = escalation(["iam:CreateUser", "iam:PutUserPolicy", "iam:CreateLoginProfile"], users);
    assert.deepEqual(pathIds(put), ["whittle-new-user-inline-policy-login-profile"]);
    assert.equal(put?.severity, "high");
  });

  test("a new role with a managed or inline policy", () => {
    const attach = escalation(["iam:CreateRole", "iam:AttachRolePolicy"], roles);
    assert.deepEqual(pathIds(attach), ["whittle-new-role-managed-policy"]);
    const put = escalation(["iam:CreateRole", "iam:PutRolePolicy"], roles);
    assert.deepEqual(pathIds(put), ["whittle-new-role-inline-policy"]);
  });

  // A user that creates a group, grants it anything and adds itself holds what it granted.
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html
  test("a new group with a managed or inline policy, which the user joins", () => {
    const groups = `arn:aws:iam::${ACCOUNT}:group/team-*`;
    const attach = escalation(["iam:CreateGroup", "iam:AttachGroupPolicy", "iam:AddUserToGroup"], groups);
    assert.deepEqual(pathIds(attach), ["whittle-new-group-managed-policy"]);
    assert.equal(attach?.severity, "high");
    const put = escalation(["iam:CreateGroup", "iam:PutGroupPolicy", "iam:AddUserToGroup"], groups);
    assert.deepEqual(pathIds(put), ["whittle-new-group-inline-policy"]);
    assert.equal(escalation(["iam:CreateGroup", "iam:PutGroupPolicy"], groups), undefined);
  });

  test("a new group gives a user under a boundary no more than the boundary allows, and a role nothing", () => {
    const actions = ["iam:CreateGroup", "iam:PutGroupPolicy", "iam:AddUserToGroup"];
    const fence = `arn:aws:iam::${ACCOUNT}:policy/fence`;
    const dev = user("dev", {
      permissionsBoundaryArn: fence,
      inlinePolicies: [{ name: "p", document: doc({ Effect: "Allow", Action: actions, Resource: "*" }) }],
    });
    const managedPolicies = {
      [fence]: {
        arn: fence,
        name: "fence",
        isAwsManaged: false,
        defaultVersionId: "v1",
        document: doc({ Effect: "Allow", Action: actions, Resource: "*" }),
      },
    };
    const bounded = run(snapshotWith({ users: [dev], managedPolicies }));
    assert.deepEqual(findingsOf(bounded, "privilege-escalation", dev.arn), []);
    const app = role("app", {
      inlinePolicies: [{ name: "p", document: doc({ Effect: "Allow", Action: actions, Resource: "*" }) }],
    });
    assert.deepEqual(findingsOf(run(snapshotWith({ roles: [app] })), "privilege-escalation", app.arn), []);
  });

  test("creating a principal without granting it anything is no path", () => {
    assert.equal(escalation(["iam:CreateUser", "iam:CreateAccessKey"], users), undefined);
    assert.equal(escalation(["iam:CreateUser", "iam:CreateLoginProfile"], users), undefined);
    assert.equal(escalation(["iam:CreateRole", "iam:TagRole"], roles), undefined);
  });

  test("a required permissions boundary leaves the path conditional", () => {
    const bounded = escalation(["iam:CreateRole", "iam:PutRolePolicy"], roles, {
      StringEquals: { "iam:PermissionsBoundary": `arn:aws:iam::${ACCOUNT}:policy/fence` },
    });
    assert.equal(bounded?.severity, "medium");
  });

  /**
   * iam:PermissionsBoundary is the boundary CreateUser and CreateRole set: a caller required to
   * name one picks one that allows everything where the conditions let it (an AWS managed
   * AdministratorAccess, or a policy of the account that allows everything), and the new principal
   * is then no less than what it is granted.
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_permissionsboundary
   * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
   */
  test("a required permissions boundary that allows everything leaves the path certain", () => {
    const boundaryOf = (fence: unknown) => {
      const arn = `arn:aws:iam::${ACCOUNT}:policy/fence`;
      const dev = user("dev", {
        inlinePolicies: [
          {
            name: "provision",
            document: doc(
              {
                Effect: "Allow",
                Action: ["iam:CreateUser", "iam:CreateRole"],
                Resource: "*",
                Condition: { StringEquals: { "iam:PermissionsBoundary": arn } },
              },
              {
                Effect: "Allow",
                Action: ["iam:PutUserPolicy", "iam:CreateAccessKey", "iam:PutRolePolicy"],
                Resource: "*",
              },
            ),
          },
        ],
      });
      const managedPolicies = {
        [arn]: { arn, name: "fence", isAwsManaged: false, defaultVersionId: "v1", document: fence },
      };
      const finding = findingsOf(
        run(snapshotWith({ users: [dev], managedPolicies })),
        "privilege-escalation",
        dev.arn,
      )[0];
      const paths = (finding?.evidence.paths ?? []) as { id: string; certainty: string }[];
      return Object.fromEntries(
        paths.filter((p) => p.id.startsWith("whittle-new-")).map((p) => [p.id, p.certainty]),
      );
    };
    assert.deepEqual(boundaryOf(doc({ Effect: "Allow", Action: "*", Resource: "*" })), {
      "whittle-new-user-inline-policy": "yes",
      "whittle-new-role-inline-policy": "yes",
    });
    assert.deepEqual(boundaryOf(doc({ Effect: "Allow", Action: "s3:*", Resource: "*" })), {
      "whittle-new-user-inline-policy": "maybe",
      "whittle-new-role-inline-policy": "maybe",
    });
  });

  /**
   * CreateUser's and CreateRole's PermissionsBoundary is optional: a caller denied only one boundary
   * (AdministratorAccess) creates the principal with none, iam:PermissionsBoundary absent from the
   * request, where StringEquals fails and the Deny does not apply. One that must name a boundary
   * (Allow only with it, or Deny StringNotEquals, which an absent key meets) stays doubtful.
   * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_operators.html
   */
  test("a caller denied only some permissions boundaries creates a principal with none", () => {
    const fence = `arn:aws:iam::${ACCOUNT}:policy/fence`;
    const certainties = (...provisioning: object[]) => {
      const dev = user("dev", {
        inlinePolicies: [
          {
            name: "provision",
            document: doc(
              {
                Effect: "Allow",
                Action: ["iam:PutUserPolicy", "iam:CreateAccessKey", "iam:PutRolePolicy"],
                Resource: "*",
              },
              ...provisioning,
            ),
          },
        ],
      });
      const managedPolicies = {
        [fence]: {
          arn: fence,
          name: "fence",
          isAwsManaged: false,
          defaultVersionId: "v1",
          document: doc({ Effect: "Allow", Action: "s3:*", Resource: "*" }),
        },
      };
      const finding = findingsOf(
        run(snapshotWith({ users: [dev], managedPolicies })),
        "privilege-escalation",
        dev.arn,
      )[0];
      const paths = (finding?.evidence.paths ?? []) as { id: string; certainty: string }[];
      return Object.fromEntries(
        paths.filter((p) => p.id.startsWith("whittle-new-")).map((p) => [p.id, p.certainty]),
      );
    };
    const create = { Effect: "Allow", Action: ["iam:CreateUser", "iam:CreateRole"], Resource: "*" };
    const deny = (operator: string, boundary: string) => ({
      Effect: "Deny",
      Action: ["iam:CreateUser", "iam:CreateRole"],
      Resource: "*",
      Condition: { [operator]: { "iam:PermissionsBoundary": boundary } },
    });
    assert.deepEqual(
      certainties(create, deny("StringEquals", "arn:aws:iam::aws:policy/AdministratorAccess")),
      {
        "whittle-new-user-inline-policy": "yes",
        "whittle-new-role-inline-policy": "yes",
      },
    );
    assert.deepEqual(certainties(create, deny("StringNotEquals", fence)), {
      "whittle-new-user-inline-policy": "maybe",
      "whittle-new-role-inline-policy": "maybe",
    });
  });
});
