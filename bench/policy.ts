import { parsePolicy } from "../core/engine/policy/parse.js";
import { PrincipalPermissions } from "../core/engine/policy/principal-permissions.js";
import { loadCatalog } from "../core/node/load-catalog.js";
import { managedPolicies } from "../test/helpers/managed-policies.js";
import { measure } from "./measure.js";

/** Goal: catalog load plus all 1,643 AWS managed policies parsed, expanded and evaluated in < 2 s. */
export async function run(): Promise<void> {
  const total = performance.now();
  const catalog = await measure("load the action catalog", () => loadCatalog());
  console.log(
    `  ${catalog.size} actions in ${catalog.services.length} services (iam-data ${catalog.version})`,
  );
  const documents = Object.entries(managedPolicies());
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
  await measure("effective permissions of one principal holding all 1,643", () =>
    new PrincipalPermissions(catalog, {
      identity: parsed.map((p) => ({ source: p.name, policy: p.policy })),
    }).effective(),
  );
  console.log(`  ${granted} (policy, action) grants in total`);
  console.log(`total ${(performance.now() - total).toFixed(0)} ms (goal < 2000 ms)`);
}
