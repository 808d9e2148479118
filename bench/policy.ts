import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { parsePolicy } from "../core/engine/policy/parse.js";
import { PrincipalPermissions } from "../core/engine/policy/principal-permissions.js";
import { loadCatalog } from "../core/node/load-catalog.js";
import { measure } from "./measure.js";

const MANAGED = resolve(
  fileURLToPath(import.meta.url),
  "../../../shared/data/real/mamip/aws-managed-policies.json.gz",
);

/** Goal: catalog load plus all 1,523 managed policies parsed, expanded and evaluated in < 2 s. */
export async function run(): Promise<void> {
  const total = performance.now();
  const catalog = await measure("load the action catalog", () => loadCatalog());
  console.log(
    `  ${catalog.size} actions in ${catalog.services.length} services (iam-data ${catalog.version})`,
  );
  const documents = Object.entries(
    JSON.parse(gunzipSync(readFileSync(MANAGED)).toString("utf8")) as Record<
      string,
      { PolicyVersion: { Document: unknown } }
    >,
  );
  const parsed = await measure(`parse ${documents.length} managed policies`, () =>
    documents.map(([name, v]) => ({ name, policy: parsePolicy(v.PolicyVersion.Document).policy! })),
  );
  let granted = 0;
  await measure("expand + effective permissions, one principal per policy", () => {
    for (const { name, policy } of parsed) {
      granted += new PrincipalPermissions(catalog, { identity: [{ source: name, policy }] })
        .effective()
        .possible.count();
    }
  });
  await measure("effective permissions of one principal holding all 1,523", () =>
    new PrincipalPermissions(catalog, {
      identity: parsed.map((p) => ({ source: p.name, policy: p.policy })),
    }).effective(),
  );
  console.log(`  ${granted} (policy, action) grants in total`);
  console.log(`total ${(performance.now() - total).toFixed(0)} ms (goal < 2000 ms)`);
}
