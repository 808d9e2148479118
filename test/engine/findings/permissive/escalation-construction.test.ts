import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ESCALATION_PATHS } from "../../../../core/engine/findings/permissive/escalation/paths.js";
import type { EscalationPath } from "../../../../core/engine/findings/permissive/escalation/types.js";
import { privilegeEscalation } from "../../../../core/engine/findings/permissive/privilege-escalation.js";
import { runDetectors } from "../../../../core/engine/findings/run.js";
import { findingContext } from "../../../helpers/findings.js";
import { doc } from "../../../helpers/policies.js";
import { group, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { managed, pathIds, policyArn, trustDoc } from "./fixture.js";

/**
 * Each path of the table, built from nothing: an account where every target a path can need exists
 * (for each service, an administrator role it may assume, with an instance profile; an administrator
 * role a SAML provider signs users in to, one any Google identity gets with a client the provider
 * lists, and one an identity pool's identities get; an administrator user and group; a plain group; a plain
 * role whose trust names the caller), and a caller whose own customer managed policy grants exactly
 * the path's actions on `*`, also as its permissions boundary (its other policy allows one action
 * more, which only leaving the boundary gives; a role caller's boundary also allows assuming the
 * boxed administrator that trusts it by name); an administrator role and user held back by a boundary. The caller is a user, or a role for the paths out of a
 * role's boundary or of a role tagging itself; for the paths of a caller tagging itself, that policy
 * (and a role's boundary) also allows an action to another team's tag than the caller's; for the
 * paths through a group it creates and joins, the user has no boundary. It must take that path — and only the
 * paths whose actions it holds, since a path that needs fewer of the same actions is taken too — and
 * dropping any one action must take the path away.
 */
const services = [
  ...new Set(
    ESCALATION_PATHS.flatMap((p) =>
      p.requires.flatMap((r) => ("service" in r.target ? [r.target.service] : [])),
    ),
  ),
];
const serviceRoles = services.map((service) =>
  role(`admin-for-${service.split(".")[0]}`, {
    // Every action a service's sessions may need of the trust (Roles Anywhere's sets their source
    // identity and tags).
    trustPolicy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: service },
          Action: ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"],
        },
      ],
    },
    attachedPolicyArns: [policyArn("admin")],
    instanceProfiles: [
      {
        name: `profile-${service}`,
        arn: `arn:aws:iam::111122223333:instance-profile/${service}`,
        id: `AIPA${service}`,
      },
    ],
  }),
);
const boss = user("boss", { attachedPolicyArns: [policyArn("admin")] });
// An administrator role the account's SAML provider signs users in to.
const federated = role("federated-admin", {
  trustPolicy: {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: "arn:aws:iam::111122223333:saml-provider/corp" },
        Action: "sts:AssumeRoleWithSAML",
        Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
      },
    ],
  },
  attachedPolicyArns: [policyArn("admin")],
});
// An administrator role whose trust admits tokens of any client its Google provider lists.
const googleAdmin = role("google-admin", {
  trustPolicy: {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/accounts.google.com" },
        Action: "sts:AssumeRoleWithWebIdentity",
      },
    ],
  },
  attachedPolicyArns: [policyArn("admin")],
});
// An administrator role the identities of one Cognito identity pool get.
const poolAdmin = role("pool-admin", {
  trustPolicy: {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: "cognito-identity.amazonaws.com" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            "cognito-identity.amazonaws.com:aud": "us-east-1:0de2af35-2988-4d0b-b22d-000000000001",
          },
        },
      },
    ],
  },
  attachedPolicyArns: [policyArn("admin")],
});
const admins = group("admins", { attachedPolicyArns: [policyArn("admin")] });
const team = group("team");
const fenced = {
  attachedPolicyArns: [policyArn("caller"), policyArn("beyond")],
  permissionsBoundaryArn: policyArn("caller"),
};
const caller = user("caller", fenced);
// A trust naming a role is limited by the role's boundary (not a user's): the role caller's boundary
// also lets it assume the boxed administrator, as the trust that names it means to.
const callerRole = role("caller-role", { ...fenced, permissionsBoundaryArn: policyArn("caller-boundary") });
const assumable = role("assumable", {
  trustPolicy: trustDoc({ AWS: caller.arn }),
  attachedPolicyArns: [policyArn("plain")],
});
// An administrator held to plain reading by its boundary: a role either caller may assume, and a user.
const boxed = { attachedPolicyArns: [policyArn("admin")], permissionsBoundaryArn: policyArn("plain") };
const boxedRole = role("boxed", { ...boxed, trustPolicy: trustDoc({ AWS: [caller.arn, callerRole.arn] }) });
const boxedUser = user("boxed-user", boxed);
const assumeBoxed = { Effect: "Allow", Action: "sts:AssumeRole", Resource: boxedRole.arn };

// An action for another team than the caller's, which only choosing its own tags gives.
const otherTeams = {
  Effect: "Allow",
  Action: "s3:GetObject",
  Resource: "*",
  Condition: { StringEquals: { "aws:PrincipalTag/team": "platform" } },
};
const web = [{ key: "team", value: "web" }];
const taggedCaller = user("caller", { ...fenced, tags: web });
const taggedRole = { ...callerRole, tags: web };

// A user joining a group it creates gains only what its own boundary lets through: for those paths
// the caller has none.
const unfencedCaller = user("caller", { attachedPolicyArns: fenced.attachedPolicyArns });

function takenPaths(
  actions: readonly string[],
  as: { arn: string } = caller,
  tags = false,
  unfenced = false,
): string[] {
  const own = { Effect: "Allow", Action: [...actions], Resource: "*" };
  const snapshot = snapshotWith({
    users: [unfenced ? unfencedCaller : tags ? taggedCaller : caller, boss, boxedUser],
    groups: [admins, team],
    roles: [
      ...serviceRoles,
      federated,
      googleAdmin,
      poolAdmin,
      assumable,
      tags ? taggedRole : callerRole,
      boxedRole,
    ],
    managedPolicies: {
      ...managed("admin", doc({ Effect: "Allow", Action: "*", Resource: "*" })),
      ...managed("plain", doc({ Effect: "Allow", Action: "s3:ListBucket", Resource: "*" })),
      ...managed("caller", tags ? doc(own, otherTeams) : doc(own)),
      ...managed("caller-boundary", tags ? doc(own, assumeBoxed, otherTeams) : doc(own, assumeBoxed)),
      ...managed("beyond", doc({ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" })),
    },
  });
  const { findings, problems } = runDetectors(findingContext(snapshot), [privilegeEscalation]);
  assert.deepEqual(problems, []);
  return pathIds(findings.find((f) => f.principalArn === as.arn)).sort();
}

const actionsOf = (path: EscalationPath) => [...new Set(path.requires.map((r) => r.action))];

/** The paths a set of actions completes in this account: every path whose actions it holds. */
function completed(actions: readonly string[]): string[] {
  const held = new Set(actions);
  return ESCALATION_PATHS.filter((p) => actionsOf(p).every((a) => held.has(a)))
    .map((p) => p.id)
    .sort();
}

describe("escalation paths, by construction", () => {
  for (const path of ESCALATION_PATHS) {
    test(`${path.id}: its actions take it; without any one of them it is gone`, () => {
      const actions = actionsOf(path);
      const ownRole = path.requires.some(
        (r) =>
          (r.target.kind === "own-boundary" || r.target.kind === "unbound" || r.target.kind === "own-tags") &&
          r.target.type === "role",
      );
      const as = ownRole ? callerRole : caller;
      const tags = path.requires.some((r) => r.target.kind === "own-tags");
      const unfenced = path.requires.some((r) => r.target.kind === "new" && r.target.joined);
      const taken = takenPaths(actions, as, tags, unfenced);
      assert.ok(taken.includes(path.id), `${path.id} is taken with ${actions.join(", ")}`);
      assert.deepEqual(taken, completed(actions));
      for (const dropped of actions) {
        const rest = actions.filter((a) => a !== dropped);
        const after = takenPaths(rest, as, tags, unfenced);
        assert.ok(!after.includes(path.id), `${path.id} without ${dropped}`);
        assert.deepEqual(after, completed(rest), `without ${dropped}`);
      }
    });
  }
});
