import type { PrincipalAccess } from "../account/permissions.js";
import type { Catalog } from "../catalog/catalog.js";
import { parsePolicyOrThrow } from "../policy/parse.js";
import { PrincipalPermissions } from "../policy/principal-permissions.js";

/**
 * The caller's policies as they decide an sts:AssumeRole its own account's role grants it directly
 * in its trust policy. Inside one account that grant needs no Allow of the caller's identity
 * policies, though their explicit Denies still refuse; the SCPs still apply. A grant naming a
 * role's ARN (`named`) is still limited by its permissions boundary, one naming a user's is not;
 * a grant to a session of the role, or to `*` (`unbounded`), is limited by no boundary. A boundary
 * that does not limit the grant still refuses it by its explicit Denies.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
export function namedTrustGrant(
  catalog: Catalog,
  caller: PrincipalAccess,
  grant: "named" | "unbounded" = "named",
): PrincipalPermissions {
  const { identity, boundary, scps } = caller.permissions.policies;
  const limiting = grant === "named" && caller.type === "role" ? boundary : undefined;
  return new PrincipalPermissions(catalog, {
    identity: [
      { source: "trust policy naming the caller", policy: GRANTED },
      ...identity,
      ...(boundary && !limiting ? [boundary] : []),
    ],
    ...(limiting ? { boundary: limiting } : {}),
    ...(scps ? { scps } : {}),
  });
}

const GRANTED = parsePolicyOrThrow(
  { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] },
  "trust policy naming the caller",
);
