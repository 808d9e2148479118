import assert from "node:assert/strict";
import { test } from "node:test";
import { proposedPermissions, proveCoversObserved } from "../../../core/engine/generate/proof.js";
import { recommend } from "../../../core/engine/generate/recommend.js";
import type { ObservedAction, PolicyDocument } from "../../../core/engine/generate/types.js";
import { makeContext } from "../../../core/engine/policy/context.js";
import type { PrincipalPermissions } from "../../../core/engine/policy/principal-permissions.js";
import { catalog } from "../../helpers/catalog.js";
import { doc, input, principal } from "../../helpers/policies.js";

// Every object but the secret prefix, from one VPC endpoint: kept where it is granted (an action
// the trail cannot show, a call whose object was not named), it is written as granted, NotResource
// and Condition alike, never on `*`.
const SECRET = "arn:aws:s3:::secret/*";
const vpce = { StringEquals: { "aws:SourceVpce": ["vpce-1"] } };
const current = principal([
  input(
    "own",
    doc({ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], NotResource: SECRET, Condition: vpce }),
  ),
]);

function generate(observed: ObservedAction[], observable = catalog.fullSet()) {
  const result = recommend({
    catalog,
    principalArn: "arn:aws:iam::123456789012:role/app",
    principalName: "app",
    principalType: "role",
    current,
    observed,
    observable,
  });
  assert.ok("recommendation" in result, JSON.stringify(result));
  return result.recommendation;
}

function decisions(documents: PolicyDocument[], action: string) {
  const proposed = proposedPermissions(current, documents);
  const at = (resource: string, endpoint: string) =>
    proposed.evaluate({ action, resource, context: makeContext({ "aws:SourceVpce": endpoint }) }).decision;
  return {
    open: at("arn:aws:s3:::data/k", "vpce-1"),
    secret: at("arn:aws:s3:::secret/k", "vpce-1"),
    elsewhere: at("arn:aws:s3:::data/k", "vpce-2"),
  };
}

test("an action the trail cannot show keeps its NotResource grant as written", () => {
  const put = catalog.emptySet();
  put.add(catalog.action("s3:PutObject")!.id);
  const observable = catalog.fullSet().minus(put);
  const rec = generate(
    [{ action: "s3:GetObject", count: 1, resources: ["arn:aws:s3:::data/k"], unscopedCalls: 0 }],
    observable,
  );
  assert.deepEqual(rec.unobservableKept, ["s3:PutObject"]);
  assert.deepEqual(
    decisions(
      rec.policies.map((p) => p.document),
      "s3:PutObject",
    ),
    { open: "Allow", secret: "ImplicitDeny", elsewhere: "ImplicitDeny" },
  );
});

test("a call whose object was not named keeps the NotResource grant, and the proof holds it to it", () => {
  const rec = generate([{ action: "s3:GetObject", count: 2, resources: [], unscopedCalls: 2 }]);
  const documents = rec.policies.map((p) => p.document);
  assert.deepEqual(decisions(documents, "s3:GetObject"), {
    open: "Allow",
    secret: "ImplicitDeny",
    elsewhere: "ImplicitDeny",
  });
  // A proposal on one bucket no longer grants what an unnamed call may have reached.
  const narrower = proposedPermissions(current, [
    {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "A",
          Effect: "Allow",
          Action: ["s3:GetObject"],
          Resource: ["arn:aws:s3:::data/*"],
          Condition: vpce,
        },
      ],
    },
  ]);
  assert.deepEqual(proveCoversObserved(current, narrower, [{ action: "s3:GetObject" }]).violations, [
    `s3:GetObject on unnamed resources: every resource but ${SECRET} is no longer granted`,
  ]);
  assert.equal(
    proveCoversObserved(current, proposedPermissions(current, documents), [{ action: "s3:GetObject" }]).ok,
    true,
  );
});

test("a wildcard-only action granted through NotResource is kept through it", () => {
  const lister: PrincipalPermissions = principal([
    input("own", doc({ Effect: "Allow", Action: "s3:*", NotResource: SECRET })),
  ]);
  const result = recommend({
    catalog,
    principalArn: "arn:aws:iam::123456789012:role/app",
    principalName: "app",
    principalType: "role",
    current: lister,
    observed: [{ action: "s3:ListAllMyBuckets", count: 1, resources: [], unscopedCalls: 1 }],
    observable: catalog.fullSet(),
  });
  assert.ok("recommendation" in result, JSON.stringify(result));
  const statements = result.recommendation.policies.flatMap((p) => p.document.Statement);
  assert.deepEqual(
    statements.map((s) => [s.Action, s.Resource, s.NotResource]),
    [[["s3:ListAllMyBuckets"], undefined, [SECRET]]],
  );
});
