import { Catalog } from "../../core/engine/catalog/catalog.js";
import { loadCatalog, readPackedCatalog } from "../../core/node/load-catalog.js";

export { MANAGED_POLICY_COUNT, managedPolicies } from "./managed-policies.js";

/**
 * The action catalog of the installed data. test/run.sh names the packed catalog its build has just
 * written (WHITTLE_TEST_PACKED_CATALOG), taken only if it is of the installed data: a hundred test
 * files read it rather than each reading and packing the published data, several times slower. A
 * catalog read from its packed JSON is the published data's (test/engine/catalog/packed.test.ts); a
 * file run on its own reads the published data.
 */
const packed = process.env.WHITTLE_TEST_PACKED_CATALOG
  ? readPackedCatalog(process.env.WHITTLE_TEST_PACKED_CATALOG)
  : undefined;
export const catalog = packed ? new Catalog(packed) : loadCatalog();
