import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  GetAccountAuthorizationDetailsCommand,
  type GetAccountAuthorizationDetailsCommandOutput,
  GetLoginProfileCommand,
  ListAccessKeysCommand,
} from "@aws-sdk/client-iam";
import type { AuthorizationDetails } from "../../core/engine/snapshot/index.js";
import { readAuthorizationDetails, readCredentialReport } from "../../core/engine/snapshot/index.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { repoRoot } from "../helpers/paths.js";
import { type SeedResult, seedMotoFromGaad } from "../helpers/seed-moto.js";

const demo = join(repoRoot, "demo", "account");
const gaad = JSON.parse(readFileSync(join(demo, "gaad.json"), "utf8"));
const report = readCredentialReport(readFileSync(join(demo, "credential-report.csv"), "utf8"));
const credentials = Object.values(report.credentials);
const loginProfiles = credentials.filter((c) => c.password.enabled).map((c) => c.userName);
const accessKeys = Object.fromEntries(credentials.map((c) => [c.userName, c.accessKeys.length]));

/** What must match between the demo GAAD and the seeded account: structure, not ids or dates. */
function shape(details: AuthorizationDetails) {
  const sorted = (list: string[]) => [...list].sort();
  return {
    users: details.users
      .map((u) => ({
        arn: u.arn,
        groups: sorted(u.groups),
        attached: sorted(u.attachedPolicyArns),
        inline: sorted(u.inlinePolicies.map((p) => p.name)),
        boundary: u.permissionsBoundaryArn ?? null,
        tags: u.tags,
      }))
      .sort((a, b) => a.arn.localeCompare(b.arn)),
    groups: details.groups
      .map((g) => ({
        arn: g.arn,
        attached: sorted(g.attachedPolicyArns),
        inline: sorted(g.inlinePolicies.map((p) => p.name)),
      }))
      .sort((a, b) => a.arn.localeCompare(b.arn)),
    roles: details.roles
      .map((r) => ({
        arn: r.arn,
        attached: sorted(r.attachedPolicyArns),
        inline: sorted(r.inlinePolicies.map((p) => p.name)),
        boundary: r.permissionsBoundaryArn ?? null,
        trust: r.trustPolicy,
        tags: r.tags,
        instanceProfiles: r.instanceProfiles.map((p) => p.name),
      }))
      .sort((a, b) => a.arn.localeCompare(b.arn)),
    customerPolicies: Object.values(details.managedPolicies)
      .filter((p) => !p.isAwsManaged)
      .map((p) => ({ arn: p.arn, document: p.document }))
      .sort((a, b) => a.arn.localeCompare(b.arn)),
  };
}

describe("seeding moto from the demo GAAD", () => {
  let moto: MotoServer;
  let seeded: SeedResult;
  before(async () => {
    moto = await startMoto();
    seeded = await seedMotoFromGaad(moto.clients, gaad, { loginProfiles, accessKeys });
  });
  after(() => moto?.stop());

  test("creates every user, group, role and customer managed policy of the GAAD", () => {
    assert.equal(seeded.users.length, gaad.UserDetailList.length);
    assert.equal(seeded.groups.length, gaad.GroupDetailList.length);
    assert.equal(seeded.roles.length, gaad.RoleDetailList.length);
    assert.deepEqual(
      seeded.customerPolicies.sort(),
      gaad.Policies.filter((p: { Arn: string }) => !p.Arn.startsWith("arn:aws:iam::aws:"))
        .map((p: { Arn: string }) => p.Arn)
        .sort(),
    );
  });

  test("IAM then describes the same account: paths, memberships, attachments, inline policies, trust, tags", async () => {
    const pages: GetAccountAuthorizationDetailsCommandOutput[] = [];
    let marker: string | undefined;
    do {
      const page = await moto.clients.iam.send(new GetAccountAuthorizationDetailsCommand({ Marker: marker }));
      pages.push(page);
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    const live = readAuthorizationDetails(pages.map(({ $metadata: _, ...page }) => page));
    assert.deepEqual(shape(live), shape(readAuthorizationDetails([gaad])));
  });

  test("gives console passwords and access keys to the users the credential report lists with them", async () => {
    assert.deepEqual(seeded.loginProfiles.sort(), [...loginProfiles].sort());
    for (const user of loginProfiles) {
      const profile = await moto.clients.iam.send(new GetLoginProfileCommand({ UserName: user }));
      assert.equal(profile.LoginProfile?.UserName, user);
    }
    for (const [user, count] of Object.entries(accessKeys)) {
      const keys = await moto.clients.iam.send(new ListAccessKeysCommand({ UserName: user }));
      assert.equal(keys.AccessKeyMetadata?.length ?? 0, count, user);
    }
  });
});
