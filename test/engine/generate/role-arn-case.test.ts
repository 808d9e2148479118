import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ActivityAggregator } from "../../../core/engine/activity/aggregate.js";
import { roleDirectory } from "../../../core/engine/activity/role-directory.js";
import type { CloudTrailEvent } from "../../../core/engine/activity/types.js";
import { observedFromUsage } from "../../../core/engine/generate/observed.js";
import type { PolicyDocument } from "../../../core/engine/generate/types.js";
import { ACCOUNT, appRecommendation, appRecord } from "../../helpers/app-role.js";
import { catalog } from "../../helpers/catalog.js";
import { doc, input, principal } from "../../helpers/policies.js";

// IAM names ignore case: a caller may write a role's ARN in another case and AWS allows the call
// under a grant of the role's own spelling. The record keeps the caller's spelling.
const DEPLOY = `arn:aws:iam::${ACCOUNT}:role/DeployRole`;
const WRITTEN = `arn:aws:iam::${ACCOUNT}:role/deployrole`;
const roles = roleDirectory([{ name: "DeployRole", arn: DEPLOY, instanceProfiles: [] }]);

function recommend(statements: object[], events: CloudTrailEvent[]) {
  const current = principal([input("inline", doc(...statements))]);
  const aggregator = new ActivityAggregator(catalog, { roles });
  for (const e of events) aggregator.addEvent(e);
  const rec = appRecommendation(current, observedFromUsage(aggregator.result().principals[0]!.actions));
  return { rec, documents: rec.policies.map((p) => p.document) };
}

function grants(documents: readonly PolicyDocument[], action: string): string[] {
  return documents
    .flatMap((d) => d.Statement)
    .filter((s) => s.Effect === "Allow" && (s.Action ?? []).includes(action))
    .flatMap((s) => s.Resource ?? []);
}

const listBuckets = appRecord("s3", "ListBuckets", {});
const LIST = { Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" };

describe("a role ARN written in another case than the role's", () => {
  test("AssumeRole keeps sts:AssumeRole on the role as the snapshot spells it", () => {
    const assume = appRecord("sts", "AssumeRole", { roleArn: WRITTEN, roleSessionName: "deploy" });
    const { rec, documents } = recommend(
      [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: DEPLOY }, LIST],
      [assume, listBuckets],
    );
    assert.deepEqual(grants(documents, "sts:AssumeRole"), [DEPLOY]);
    assert.deepEqual(rec.checks, { withinCurrent: true, coversObserved: true });
  });

  test("a grant of the caller's spelling keeps that spelling", () => {
    const assume = appRecord("sts", "AssumeRole", { roleArn: WRITTEN, roleSessionName: "deploy" });
    const grant = `arn:aws:iam::${ACCOUNT}:role/deploy*`;
    const { documents } = recommend(
      [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: grant }, LIST],
      [assume, listBuckets],
    );
    assert.deepEqual(grants(documents, "sts:AssumeRole"), [WRITTEN]);
  });

  test("a role passed to Lambda keeps iam:PassRole on the role as the snapshot spells it", () => {
    const create = appRecord("lambda", "CreateFunction20150331", {
      functionName: "deployer",
      role: WRITTEN,
      runtime: "nodejs20.x",
    });
    const { documents } = recommend(
      [
        { Effect: "Allow", Action: "iam:PassRole", Resource: DEPLOY },
        { Effect: "Allow", Action: "lambda:CreateFunction", Resource: "*" },
      ],
      [create],
    );
    assert.deepEqual(grants(documents, "iam:PassRole"), [DEPLOY]);
  });
});
