import { runAudit } from "../../../core/engine/audit.js";
import { crossAccountPaths } from "../../../core/engine/organization/cross-account.js";
import type { DelegatedServices } from "../../../core/engine/organization/delegated-services.js";
import type { PolicyDelegation } from "../../../core/engine/organization/policy-delegation.js";
import { type AccountOutcome, buildOrgReport } from "../../../core/engine/organization/rollup.js";
import type { RootAccess } from "../../../core/engine/organization/root-access.js";
import type { OrgReport } from "../../../core/engine/organization/schema.js";
import type { Organization, Role, Snapshot } from "../../../core/engine/snapshot/model.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { role, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

export const PROD = "111111111111";
export const DEV = "222222222222";
export const ORG_ID = "o-exampleorg1";

/** The cross-account paths between the audited `snapshots` of ORG_ID, as the rollup asks for them. */
export const orgPaths = (
  snapshots: readonly Snapshot[],
  managementAccountId?: string,
  delegatedServices?: DelegatedServices,
) =>
  crossAccountPaths(
    catalog,
    snapshots.map((snapshot) => ({ accountId: snapshot.accountId, snapshot })),
    ORG_ID,
    managementAccountId,
    undefined,
    delegatedServices,
  );

/** A role of the given account, with its inline policy and trust policy. */
export function roleIn(
  account: string,
  name: string,
  policy: object,
  trustPolicy: object,
  extra: Partial<Role> = {},
) {
  return role(name, {
    arn: `arn:aws:iam::${account}:role/${name}`,
    inlinePolicies: [{ name: "inline", document: policy }],
    trustPolicy,
    ...extra,
  });
}

export const trusting = (principal: unknown, Condition?: object) =>
  doc({
    Effect: "Allow",
    Principal: { AWS: principal },
    Action: "sts:AssumeRole",
    ...(Condition ? { Condition } : {}),
  });

export const ASSUME_ANY = doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" });

/** The SCP levels of an account under the root, with `extra` statements attached to the account. */
export function organizationWith(...statements: object[]): Organization {
  const full = {
    id: "p-FullAWSAccess",
    arn: "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess",
    name: "FullAWSAccess",
    document: doc({ Effect: "Allow", Action: "*", Resource: "*" }),
  };
  return {
    id: ORG_ID,
    managementAccountId: "999999999999",
    scpLevels: [
      { targetId: "r-root", policies: [full] },
      {
        targetId: "acct",
        policies: [
          full,
          ...(statements.length > 0
            ? [
                {
                  id: "p-guard",
                  arn: `arn:aws:organizations::999999999999:policy/${ORG_ID}/service_control_policy/p-guard`,
                  name: "Guard",
                  document: doc(...statements),
                },
              ]
            : []),
        ],
      },
    ],
  };
}

/** Production's Deploy role is an administrator trusting dev's CI role, which may assume any role. */
export function orgSnapshots(): Snapshot[] {
  return [
    snapshotWith({
      accountId: PROD,
      roles: [roleIn(PROD, "Deploy", ADMIN, trusting(`arn:aws:iam::${DEV}:role/CI`))],
    }),
    snapshotWith({
      accountId: DEV,
      roles: [roleIn(DEV, "CI", ASSUME_ANY, trusting(`arn:aws:iam::${DEV}:root`))],
    }),
  ];
}

/** A whole rollup: both accounts audited (by default those of orgSnapshots), a third failed. */
export async function orgReportFixture(
  snapshots = orgSnapshots(),
  managementAccountId?: string,
  rootAccess?: RootAccess,
  delegatedServices?: DelegatedServices,
  policyDelegation?: PolicyDelegation,
): Promise<OrgReport> {
  const outcomes: AccountOutcome[] = [];
  for (const snapshot of snapshots) {
    const report = await runAudit(
      { snapshot: { description: "fixture", load: async () => snapshot }, activity: [] },
      { catalog, now: new Date("2026-01-01T00:00:00Z"), days: 90, version: "test" },
    );
    outcomes.push({
      accountId: snapshot.accountId,
      report,
      snapshot,
      reportPath: `${snapshot.accountId}/report.json`,
    });
  }
  outcomes.push({
    accountId: "333333333333",
    name: "legacy",
    error: "cannot assume arn:aws:iam::333333333333:role/WhittleAuditReadOnly: AccessDenied: not authorized",
  });
  return buildOrgReport({
    catalog,
    auditedFrom: "999999999999",
    generatedAt: "2026-01-01T00:00:00.000Z",
    window: { start: "2025-10-03T00:00:00.000Z", end: "2026-01-01T00:00:00.000Z", days: 90 },
    organizationId: ORG_ID,
    ...(managementAccountId ? { managementAccountId } : {}),
    ...(rootAccess ? { rootAccess } : {}),
    ...(delegatedServices ? { delegatedServices } : {}),
    ...(policyDelegation ? { policyDelegation } : {}),
    accounts: outcomes,
  });
}

/** An organization over an account whose only RCP (besides RCPFullAWSAccess) holds `statements`. */
export function organizationWithRcp(...statements: object[]): Organization {
  return {
    ...organizationWith(),
    rcpLevels: [
      {
        targetId: "acct",
        policies: [
          {
            id: "p-rcp",
            arn: `arn:aws:organizations::999999999999:policy/${ORG_ID}/resource_control_policy/p-rcp`,
            name: "Perimeter",
            document: doc(...statements),
          },
        ],
      },
    ],
  };
}

/** Dev, a member, with an administrator role (`*`) and a user, rooter, holding `policy`, under `scps`. */
export function devWithRooter(policy: object, ...scps: object[]): Snapshot {
  return snapshotWith({
    accountId: DEV,
    users: [
      user("rooter", {
        arn: `arn:aws:iam::${DEV}:user/rooter`,
        inlinePolicies: [{ name: "p", document: policy }],
      }),
    ],
    roles: [roleIn(DEV, "Admin", ADMIN, trusting(`arn:aws:iam::${DEV}:root`))],
    organization: organizationWith(...scps),
  });
}
