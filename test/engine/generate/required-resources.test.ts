import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  proposedPermissions,
  proveCoversObserved,
  replayedCalls,
} from "../../../core/engine/generate/proof.js";
import type { ObservedAction, PolicyDocument } from "../../../core/engine/generate/types.js";
import type { PrincipalPermissions } from "../../../core/engine/policy/principal-permissions.js";
import { ACCOUNT, appObserved, appRecommendation, appRecord } from "../../helpers/app-role.js";
import { doc, input, principal } from "../../helpers/policies.js";

const INSTANCE = `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0abc`;
const VOLUME = `arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/vol-0abc`;
const GLOBAL = `arn:aws:rds::${ACCOUNT}:global-cluster:orders`;
const CLUSTER = `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:orders-eu`;

/** A trail record by the `app` role that lists `resources[]`, as EC2 and RDS management events do. */
function record(source: string, name: string, resources: string[], requestParameters: object = {}) {
  return appRecord(source, name, requestParameters, {
    resources: resources.map((ARN) => ({ ARN, accountId: ACCOUNT })),
  });
}

const observe = appObserved;

const recommendation = appRecommendation;

function granted(rec: { policies: { document: PolicyDocument }[] }, action: string): string[] {
  return rec.policies
    .flatMap((p) => p.document.Statement)
    .filter((s) => s.Effect === "Allow" && (s.Action ?? []).includes(action))
    .flatMap((s) => s.Resource ?? [])
    .sort();
}

function replay(current: PrincipalPermissions, narrowed: object, observed: ObservedAction[]) {
  const proposed = proposedPermissions(current, [doc(narrowed) as PolicyDocument]);
  return proveCoversObserved(current, proposed, replayedCalls(observed));
}

describe("an action is narrowed only when the record names every resource type it requires", () => {
  test("ec2:RunInstances naming only its instance keeps the current scope; narrowed to the instance it fails the replay", () => {
    const current = principal([
      input("inline", doc({ Effect: "Allow", Action: "ec2:RunInstances", Resource: "*" })),
    ]);
    const observed = observe(
      record("ec2", "RunInstances", [INSTANCE], { instancesSet: { items: [{ imageId: "ami-1" }] } }),
    );
    const rec = recommendation(current, observed);
    assert.deepEqual(granted(rec, "ec2:RunInstances"), ["*"]);
    assert.deepEqual(rec.checks, { withinCurrent: true, coversObserved: true });
    const broken = replay(
      current,
      { Effect: "Allow", Action: "ec2:RunInstances", Resource: INSTANCE },
      observed,
    );
    assert.deepEqual(broken.violations, ["ec2:RunInstances on unnamed resources: * is no longer granted"]);
  });

  test("rds:FailoverGlobalCluster naming only the global cluster keeps the cluster grant too", () => {
    const current = principal([
      input(
        "inline",
        doc({
          Effect: "Allow",
          Action: "rds:FailoverGlobalCluster",
          Resource: [
            `arn:aws:rds::${ACCOUNT}:global-cluster:*`,
            `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:*`,
          ],
        }),
      ),
    ]);
    const observed = observe(
      record("rds", "FailoverGlobalCluster", [GLOBAL], { globalClusterIdentifier: "orders" }),
    );
    const rec = recommendation(current, observed);
    assert.deepEqual(granted(rec, "rds:FailoverGlobalCluster"), [
      `arn:aws:rds::${ACCOUNT}:global-cluster:*`,
      `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:*`,
    ]);
    assert.deepEqual(rec.checks, { withinCurrent: true, coversObserved: true });
    const broken = replay(
      current,
      { Effect: "Allow", Action: "rds:FailoverGlobalCluster", Resource: GLOBAL },
      observed,
    );
    assert.equal(broken.ok, false);
    assert.ok(
      broken.violations.includes(
        `rds:FailoverGlobalCluster on unnamed resources: arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:* is no longer granted`,
      ),
      broken.violations.join("; "),
    );
  });

  test("with every required type named (the global cluster and the cluster) the action is narrowed to them", () => {
    const current = principal([input("inline", doc({ Effect: "Allow", Action: "rds:*", Resource: "*" }))]);
    const observed = observe(record("rds", "FailoverGlobalCluster", [GLOBAL, CLUSTER]));
    const rec = recommendation(current, observed);
    assert.deepEqual(granted(rec, "rds:FailoverGlobalCluster"), [GLOBAL, CLUSTER].sort());
    assert.deepEqual(rec.checks, { withinCurrent: true, coversObserved: true });
  });

  test("ec2:AttachVolume naming its instance and its volume is narrowed to both", () => {
    const current = principal([input("inline", doc({ Effect: "Allow", Action: "ec2:*", Resource: "*" }))]);
    const observed = observe(record("ec2", "AttachVolume", [INSTANCE, VOLUME]));
    assert.deepEqual(granted(recommendation(current, observed), "ec2:AttachVolume"), [INSTANCE, VOLUME]);
  });

  test("ec2:AttachVolume naming only its volume keeps the current scope", () => {
    const current = principal([
      input("inline", doc({ Effect: "Allow", Action: "ec2:AttachVolume", Resource: "*" })),
    ]);
    const observed = observe(record("ec2", "AttachVolume", [VOLUME]));
    assert.deepEqual(granted(recommendation(current, observed), "ec2:AttachVolume"), ["*"]);
  });
});
