import assert from "node:assert/strict";
import { test } from "node:test";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { permissiveFindings } from "../../helpers/findings.js";
import { doc } from "../../helpers/policies.js";
import { snapshotWith } from "../../helpers/snapshot-fixture.js";
import { ORG_ID, organizationWithRcp, PROD, roleIn, trusting } from "./org-fixture.js";

const open = roleIn(
  PROD,
  "Open",
  doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }),
  trusting("*"),
);
const anyPrincipal = (organization?: Snapshot["organization"]) =>
  permissiveFindings(
    snapshotWith({ accountId: PROD, roles: [open], ...(organization ? { organization } : {}) }),
  ).find((f) => f.kind === "trust-any-principal");

test("an RCP perimeter closes a role that trusts anyone to callers outside the organization", () => {
  assert.equal(anyPrincipal()?.severity, "critical");
  const perimeter = organizationWithRcp({
    Effect: "Deny",
    Principal: "*",
    Action: "sts:AssumeRole",
    Resource: "*",
    Condition: {
      StringNotEqualsIfExists: { "aws:PrincipalOrgID": ORG_ID },
      Bool: { "aws:PrincipalIsAWSService": "false" },
    },
  });
  assert.equal(anyPrincipal(perimeter), undefined);
});

test("an RCP on another action, or in the management account, leaves the role open", () => {
  const other = organizationWithRcp({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" });
  assert.equal(anyPrincipal(other)?.severity, "critical");
  const closed = organizationWithRcp({
    Effect: "Deny",
    Principal: "*",
    Action: "sts:AssumeRole",
    Resource: "*",
  });
  assert.equal(anyPrincipal({ ...closed, managementAccountId: PROD })?.severity, "critical");
});
