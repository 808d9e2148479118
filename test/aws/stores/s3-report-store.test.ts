import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { ReportNotFoundError, S3ReportStore } from "../../../core/aws/stores/index.js";
import { type MotoServer, startMoto } from "../../helpers/moto.js";
import { sharedPolicyPlans } from "../../helpers/plan-fixture.js";
import { finding, REPORT_ACCOUNT, reportWith } from "../../helpers/report-fixture.js";

let moto: MotoServer;
const bucket = "whittle-reports";
const renderers = { html: () => "<!doctype html><p>report</p>", markdown: () => "# report\n" };
before(async () => {
  moto = await startMoto();
  await moto.clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
});
after(() => moto.stop());

const head = (key: string) => moto.clients.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));

test("a complete run has every part and a manifest under reports/<account>/<run>/, encrypted with AES256", async () => {
  const store = new S3ReportStore({ s3: moto.clients.s3, bucket, renderers });
  const report = reportWith([finding("a")]);
  const manifest = await store.putReport("run-1", report);
  assert.deepEqual(manifest.parts.map((p) => p.name).sort(), [
    "policies/whittle-app.json",
    "report.html",
    "report.json",
    "report.md",
  ]);
  const prefix = `reports/${REPORT_ACCOUNT}/run-1/`;
  for (const name of [...manifest.parts.map((p) => p.name), "manifest.json"]) {
    assert.equal((await head(prefix + name)).ServerSideEncryption, "AES256", name);
  }
  assert.deepEqual(await store.getReport({ accountId: REPORT_ACCOUNT, runId: "run-1" }), report);
});

test("every plan document gets a part before the manifest: shared with an equal recommended one, suffixed where its name is taken", async () => {
  const store = new S3ReportStore({ s3: moto.clients.s3, bucket, renderers });
  const report = reportWith([]);
  const recommended = report.recommendations[0]!.policies[0]!;
  const [shared] = sharedPolicyPlans();
  const version = shared!.create[0]!;
  report.plans = [
    shared!,
    { ...shared!, id: "plan-aaaaaaaaaaaa", create: [{ ...recommended }] },
    { ...shared!, id: "plan-0f1e2d3c4b5a", create: [{ ...version, name: recommended.name }] },
  ];
  const manifest = await store.putReport("run-plans", report);
  const bodies: Record<string, unknown> = {
    "policies/whittle-app.json": recommended.document,
    "policies/shared.json": version.document,
    "policies/whittle-app-plan-0f1e2d3c.json": version.document,
  };
  assert.deepEqual(
    manifest.parts
      .map((p) => p.name)
      .filter((n) => n.startsWith("policies/"))
      .sort(),
    Object.keys(bodies).sort(),
  );
  const prefix = `reports/${REPORT_ACCOUNT}/run-plans/`;
  for (const [name, document] of Object.entries(bodies)) {
    const object = await moto.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: prefix + name }));
    assert.deepEqual(JSON.parse(await object.Body!.transformToString()), document, name);
  }
});

test("with a KMS key id, objects are encrypted with aws:kms under that key", async () => {
  const keyId = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
  const store = new S3ReportStore({ s3: moto.clients.s3, bucket, kmsKeyId: keyId, renderers });
  await store.putReport("run-kms", reportWith([]));
  const object = await head(`reports/${REPORT_ACCOUNT}/run-kms/report.json`);
  assert.equal(object.ServerSideEncryption, "aws:kms");
  assert.equal(object.SSEKMSKeyId, keyId);
});

test("a presigned URL serves the asked format and expires quickly", async () => {
  const store = new S3ReportStore({ s3: moto.clients.s3, bucket, renderers, urlExpiresIn: 120 });
  await store.putReport("run-url", reportWith([]));
  const { url, expiresIn } = await store.getReportUrl(
    { accountId: REPORT_ACCOUNT, runId: "run-url" },
    "html",
  );
  assert.equal(expiresIn, 120);
  assert.match(url, /X-Amz-Expires=120/);
  const response = await fetch(url);
  assert.equal(response.status, 200);
  assert.equal(await response.text(), "<!doctype html><p>report</p>");
});

test("a format that was not rendered has no URL", async () => {
  const store = new S3ReportStore({ s3: moto.clients.s3, bucket });
  await store.putReport("run-json-only", reportWith([]));
  const ref = { accountId: REPORT_ACCOUNT, runId: "run-json-only" };
  await assert.rejects(store.getReportUrl(ref, "html"), ReportNotFoundError);
  assert.ok(await store.getReportUrl(ref, "json"));
});

/** Fails the manifest write, as a Lambda timing out between the parts and the commit would. */
function dyingBeforeManifest(s3: S3Client): S3Client {
  return {
    send: (command: { input: { Key?: string } }) => {
      if (command.input.Key?.endsWith("manifest.json")) return Promise.reject(new Error("Task timed out"));
      return s3.send(command as never);
    },
  } as unknown as S3Client;
}

test("a run that dies before its manifest stays invisible although its parts were written", async () => {
  const store = new S3ReportStore({ s3: dyingBeforeManifest(moto.clients.s3), bucket, renderers });
  await assert.rejects(store.putReport("run-dead", reportWith([finding("x")])), /Task timed out/);
  const key = `reports/${REPORT_ACCOUNT}/run-dead/report.json`;
  assert.ok(
    await moto.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })),
    "the part exists",
  );
  const reader = new S3ReportStore({ s3: moto.clients.s3, bucket, renderers });
  const ref = { accountId: REPORT_ACCOUNT, runId: "run-dead" };
  assert.equal(await reader.getManifest(ref), undefined);
  assert.equal(await reader.getReport(ref), undefined);
  await assert.rejects(reader.getReportUrl(ref, "json"), ReportNotFoundError);
});

test("a missing bucket is a typed store error naming the operation", async () => {
  const store = new S3ReportStore({ s3: moto.clients.s3, bucket: "no-such-bucket" });
  await assert.rejects(store.putReport("run-x", reportWith([])), (error: Error) => {
    assert.equal(error.name, "StoreUnavailableError");
    assert.match(error.message, /s3:PutObject .*NoSuchBucket/);
    return true;
  });
});
