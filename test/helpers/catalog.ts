import { loadCatalog } from "../../core/node/load-catalog.js";

export { MANAGED_POLICY_COUNT, managedPolicies } from "./managed-policies.js";

export const catalog = loadCatalog();
