import assert from "node:assert/strict";
import { test } from "node:test";
import { readAuthorizationDetails } from "../../../core/engine/snapshot/gaad.js";

// A managed policy's default version is named twice in GetAccountAuthorizationDetails: by the
// policy's DefaultVersionId and by its version's IsDefaultVersion flag. IAM keeps them in step; an
// edited or merged file may not, and then which document IAM enforces is not known from the file.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ManagedPolicyDetail.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_PolicyVersion.html
const ARN = "arn:aws:iam::111122223333:policy/deploy";
const document = (action: string) =>
  encodeURIComponent(
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: action, Resource: "*" }],
    }),
  );
const version = (id: string, action: string, isDefault: boolean) => ({
  VersionId: id,
  Document: document(action),
  IsDefaultVersion: isDefault,
  CreateDate: "2024-01-02T03:04:05Z",
});

function read(defaultVersionId: string, versions: ReturnType<typeof version>[]) {
  return readAuthorizationDetails([
    {
      Policies: [
        {
          PolicyName: "deploy",
          PolicyId: "ANPADEPLOY",
          Arn: ARN,
          Path: "/",
          DefaultVersionId: defaultVersionId,
          AttachmentCount: 0,
          CreateDate: "2024-01-02T03:04:05Z",
          UpdateDate: "2024-01-02T03:04:05Z",
          PolicyVersionList: versions,
        },
      ],
    },
  ]);
}

test("a policy whose DefaultVersionId and IsDefaultVersion flag name different versions is a warning", () => {
  const details = read("v2", [version("v1", "s3:GetObject", true), version("v2", "*", false)]);
  const warning = details.warnings.find((w) => w.includes(ARN));
  assert.ok(warning, JSON.stringify(details.warnings));
  assert.match(warning, /v1/);
  assert.match(warning, /v2/);
});

test("a policy with more than one version flagged as default is a warning", () => {
  const details = read("v1", [version("v1", "s3:GetObject", true), version("v2", "*", true)]);
  assert.ok(
    details.warnings.some((w) => w.includes(ARN)),
    JSON.stringify(details.warnings),
  );
});

test("a policy whose default version is named alike both ways reads without a warning", () => {
  const details = read("v2", [version("v1", "*", false), version("v2", "s3:GetObject", true)]);
  assert.deepEqual(details.warnings, []);
  assert.equal(details.managedPolicies[ARN]?.defaultVersionId, "v2");
});
