import { AccountPermissions } from "../../core/engine/account/permissions.js";
import type { Decision, Request } from "../../core/engine/policy/evaluate.js";
import type { PrincipalPermissions } from "../../core/engine/policy/principal-permissions.js";
import { catalog } from "./catalog.js";
import { ACCOUNT, role, snapshotWith } from "./snapshot-fixture.js";

/** IAM's decision on `request` for a role holding only `documents`, as inline policies. */
export function holderDecision(documents: unknown[], request: Request): Decision {
  const holder = snapshotWith({
    roles: [
      role("holder", { inlinePolicies: documents.map((document, i) => ({ name: `p${i}`, document })) }),
    ],
  });
  const permissions = new AccountPermissions(catalog, holder).of(`arn:aws:iam::${ACCOUNT}:role/holder`)!
    .permissions as PrincipalPermissions;
  return permissions.evaluate(request).decision;
}
