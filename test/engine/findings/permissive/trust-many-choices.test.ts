import assert from "node:assert/strict";
import { test } from "node:test";
import { anyAws, trustFindings } from "../../../helpers/trust-fixture.js";

const outsider = (trustPolicy: unknown) =>
  trustFindings(trustPolicy).find((f) => f.kind === "trust-any-principal")?.severity ?? "closed";

const values = (prefix: string) => Array.from({ length: 7 }, (_, i) => `${prefix}${i}`);

test("a trust condition on more values than the requests tried can combine leaves the role conditionally open, not closed", () => {
  // An outsider sends no external id (Null holds, and StringNotEquals holds for an absent key),
  // names its session s0 and tags its role team=t0: it meets the condition. The requests
  // that name an external id come first and are more than are tried.
  const condition = {
    Null: { "sts:ExternalId": "true" },
    StringNotEquals: { "sts:ExternalId": values("e") },
    StringLike: { "sts:RoleSessionName": values("s"), "aws:PrincipalTag/team": values("t") },
  };
  assert.notEqual(outsider(anyAws(condition)), "closed");
});
