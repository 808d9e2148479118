import { readFileSync } from "node:fs";
import { AccountPermissions } from "../core/engine/account/permissions.js";
import { identityConfig } from "../core/engine/findings/identity-context.js";
import { DETECTORS } from "../core/engine/findings/registry.js";
import { runDetectors } from "../core/engine/findings/run.js";
import { readOfflineSnapshot } from "../core/engine/snapshot/offline.js";
import { loadCatalog } from "../core/node/load-catalog.js";
import { realData } from "../test/helpers/paths.js";
import { measure } from "./measure.js";

const GAAD = realData("cloudsplaining", "example-gaad-iam-vulnerable.json");

/**
 * Recall over the principals BishopFox's iam-vulnerable makes escalatable (privesc*, fn*) and false
 * positives over the ones it makes look escalatable but not (fp*), on a real deployment's GAAD.
 * Cloudsplaining's figures on the same account: 43 of 76 paths found, 2 false alarms.
 */
export async function run(): Promise<void> {
  const catalog = loadCatalog();
  const snapshot = readOfflineSnapshot({
    snapshot: { file: GAAD, text: readFileSync(GAAD, "utf8") },
    collectedAt: new Date("2023-03-10T00:00:00Z"),
  });
  const now = new Date(snapshot.collectedAt);
  const context = {
    catalog,
    snapshot,
    account: new AccountPermissions(catalog, snapshot),
    now,
    window: { start: now.toISOString(), end: now.toISOString(), days: 90 },
    config: identityConfig(),
  };
  const { findings, problems } = await measure("all permission and trust detectors, iam-vulnerable", () =>
    runDetectors(
      context,
      DETECTORS.filter((d) => d.scope === "principal"),
    ),
  );
  const escalating = new Set(
    // An administrator is flagged once, as admin-access.
    findings
      .filter((f) => f.kind === "privilege-escalation" || f.kind === "admin-access")
      .map((f) => f.principalArn),
  );
  const principals = [...snapshot.users, ...snapshot.roles, ...snapshot.groups];
  const expected = principals.filter((p) => /^(privesc|fn\d)/.test(p.name));
  const decoys = principals.filter((p) => /^fp\d/.test(p.name));
  const missed = expected.filter((p) => !escalating.has(p.arn));
  const falsePositives = decoys.filter((p) => escalating.has(p.arn));
  console.log(`  recall ${expected.length - missed.length}/${expected.length} privesc*/fn* principals`);
  for (const p of missed) console.log(`    missed ${p.arn}`);
  console.log(`  false positives ${falsePositives.length}/${decoys.length} fp* principals`);
  for (const p of falsePositives) console.log(`    flagged ${p.arn}`);
  console.log(`  ${findings.length} findings, ${problems.length} detector problems`);
}
