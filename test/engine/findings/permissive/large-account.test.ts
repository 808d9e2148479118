import assert from "node:assert/strict";
import { test } from "node:test";
import { AccountPermissions } from "../../../../core/engine/account/permissions.js";
import { assumableRoles } from "../../../../core/engine/findings/permissive/escalation/assume.js";
import { escalationChains } from "../../../../core/engine/findings/permissive/escalation/chains.js";
import { ESCALATION_PATHS } from "../../../../core/engine/findings/permissive/escalation/paths.js";
import { resolveRequirement } from "../../../../core/engine/findings/permissive/escalation/targets.js";
import { readOfflineSnapshot } from "../../../../core/engine/snapshot/offline.js";
import { catalog } from "../../../helpers/catalog.js";
import { largeAccountGaad } from "../../../helpers/large-account.js";
import { referenceAssumableRoles, referenceChains } from "../../../helpers/reference-escalation.js";
import { referenceRequirement } from "../../../helpers/reference-requirement.js";
import { findingsOf, run } from "./fixture.js";

/**
 * The generated large account (real AWS managed policy statements, trust chains between roles)
 * at a size the straightforward quadratic analysis still runs in seconds: the indexed analysis
 * must find exactly the same edges, chains and findings.
 */
const snapshot = readOfflineSnapshot({
  snapshot: { file: "large-account.json", text: JSON.stringify(largeAccountGaad({ roles: 300, seed: 11 })) },
  collectedAt: new Date("2026-11-22T00:00:00Z"),
});
const account = new AccountPermissions(catalog, snapshot);
const ctx = { catalog, snapshot, account };
const edgeKey = (e: { role: { arn: string }; certainty: string; via: string }) =>
  `${e.role.arn} ${e.certainty} ${e.via}`;

test("every principal of a generated account can assume exactly the roles the reference finds", () => {
  let edges = 0;
  for (const access of account.all()) {
    const expected = referenceAssumableRoles(ctx, access).map(edgeKey);
    assert.deepEqual(assumableRoles(ctx, access).map(edgeKey), expected, access.principal.arn);
    edges += expected.length;
  }
  // The account must exercise the analysis: users and roles named in trust policies.
  assert.ok(edges > 100, `only ${edges} edges`);
});

test("escalation chains and privilege-escalation findings match the reference for every principal", () => {
  const findings = run(snapshot);
  let chained = 0;
  for (const access of account.all()) {
    const expected = referenceChains(ctx, access);
    assert.deepEqual(escalationChains(ctx, access), expected, access.principal.arn);
    const finding = findingsOf(findings, "privilege-escalation", access.principal.arn)[0];
    assert.deepEqual(finding?.evidence.chains ?? [], finding ? expected : [], access.principal.arn);
    if (expected.some((c) => c.roles.length > 1)) chained++;
  }
  assert.ok(chained > 0, "some chain passes through more than one role");
});

test("every escalation step resolves to the targets the reference finds, for every principal", () => {
  const requirements = [
    ...new Map(
      ESCALATION_PATHS.flatMap((p) => p.requires).map((r) => [`${r.action} ${JSON.stringify(r.target)}`, r]),
    ).values(),
  ];
  const found = new Map<string, number>();
  for (const access of account.all()) {
    const possible = access.permissions.effective().possible;
    for (const requirement of requirements) {
      if (!possible.has(catalog.action(requirement.action)!.id)) continue;
      const expected = referenceRequirement(ctx, access, requirement);
      const label = `${access.principal.arn} ${requirement.action} ${JSON.stringify(requirement.target)}`;
      assert.deepEqual(resolveRequirement(ctx, access, requirement), expected, label);
      const key = `${requirement.target.kind} ${expected.certainty}`;
      found.set(key, (found.get(key) ?? 0) + 1);
    }
  }
  // The account must reach every kind of answer the shortcuts could get wrong.
  for (const key of ["pass-role no", "pass-role yes", "principal yes", "service-role yes", "new yes"])
    assert.ok((found.get(key) ?? 0) > 0, `no ${key} in ${JSON.stringify([...found])}`);
});
