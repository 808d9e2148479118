import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { CreateRoleCommand } from "@aws-sdk/client-iam";
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { clientConfig, createClients } from "../../core/aws/clients.js";
import { cloudTrailLookupSource } from "../../core/aws/cloudtrail-lookup-source.js";
import { cloudTrailS3Source } from "../../core/aws/cloudtrail-s3-source.js";
import { fetchAuthorizationDetails } from "../../core/aws/iam-authorization-details.js";
import { listOrganizationAccounts } from "../../core/aws/organization-accounts.js";
import type { ActivityItem, ActivityWindow } from "../../core/engine/activity/types.js";
import { startLoopback } from "../helpers/loopback.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { REQUEST_TIMEOUT_MS } from "../helpers/timeouts.js";

// A faulty proxy that drops the continuation token from each request: the endpoint answers the
// first page again, with the token it gave the first time, for as long as it is asked.
const ACCOUNT = "123456789012";
const WINDOW: ActivityWindow = { start: "2026-11-02T00:00:00Z", end: "2026-11-03T00:00:00Z", days: 1 };
/** Requests past this many are a listing that never ends: failed rather than left to hang. */
const ENDLESS = 50;

let moto: MotoServer;
before(async () => {
  moto = await startMoto();
});
after(() => moto.stop());
beforeEach(() => moto.reset());

type Input = Record<string, unknown>;
type Next = (args: { input: Input }) => Promise<{ output?: Input }>;
interface Stack {
  middlewareStack: {
    add(m: (next: Next) => Next, o: { step: "initialize"; name: string }): void;
  };
}

/** The client's requests lose `token` (and ask for pages of `page` items) on their way out. */
function droppingToken<C>(client: C, token: string, page: Input): C {
  let requests = 0;
  (client as unknown as Stack).middlewareStack.add(
    (next) => (args) => {
      if (++requests > ENDLESS) throw new Error(`still listing after ${ENDLESS} requests`);
      const { [token]: _, ...input } = args.input;
      return next({ ...args, input: { ...input, ...page } });
    },
    { step: "initialize", name: "dropToken" },
  );
  return client;
}

/**
 * The client's answers say there is more, with `fields` in place of theirs, whatever they held: moto
 * never truncates GetAccountAuthorizationDetails, so a proxy rewriting its answers stands in.
 */
function truncating<C>(client: C, fields: Input): C {
  let requests = 0;
  (client as unknown as Stack).middlewareStack.add(
    (next) => async (args) => {
      if (++requests > ENDLESS) throw new Error(`still listing after ${ENDLESS} requests`);
      const result = await next(args);
      return { ...result, output: { ...result.output, IsTruncated: true, ...fields } };
    },
    { step: "initialize", name: "truncate" },
  );
  return client;
}

test("GetAccountAuthorizationDetails answering a Marker it gave before fails the read, naming the call", async () => {
  const trust = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
    ],
  });
  for (const name of ["a", "b", "c"])
    await moto.clients.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
  const iam = truncating(createClients(moto.connection).iam, { Marker: "page-2" });
  await assert.rejects(
    fetchAuthorizationDetails(iam, 1),
    /iam:GetAccountAuthorizationDetails failed: RepeatedPageTokenError: .*continuation token it had already given/,
  );
});

test("ListObjectsV2 answering a continuation token it gave before fails the bucket's read, rather than list forever", async () => {
  const s3 = moto.clients.s3;
  await s3.send(new CreateBucketCommand({ Bucket: "trail" }));
  const base = `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2026/11/02/${ACCOUNT}_CloudTrail_us-east-1_20261102T`;
  for (const at of ["0005Z_a", "0010Z_b", "0015Z_c"])
    await s3.send(
      new PutObjectCommand({ Bucket: "trail", Key: `${base}${at}.json`, Body: '{"Records":[]}' }),
    );
  const faulty = droppingToken(createClients(moto.connection).s3, "ContinuationToken", { MaxKeys: 1 });
  const source = cloudTrailS3Source({ s3: faulty, bucket: "trail" });
  await assert.rejects(async () => {
    const items: ActivityItem[] = [];
    for await (const batch of source.read(WINDOW)) items.push(...batch);
  }, /ListObjectsV2 .*continuation token it had already given/);
});

// moto does not implement LookupEvents: a loopback server answers every request with one event and
// the same NextToken, as a proxy dropping the token from requests would have it answer.
test("LookupEvents answering a NextToken it gave before is the region's failure, its read not whole", async () => {
  const record = {
    eventSource: "iam.amazonaws.com",
    eventName: "ListUsers",
    eventTime: "2026-11-02T12:00:00Z",
    userIdentity: { type: "IAMUser", arn: `arn:aws:iam::${ACCOUNT}:user/alice` },
  };
  let requests = 0;
  const server = await startLoopback(() => {
    const endless = ++requests > ENDLESS;
    return {
      status: endless ? 400 : 200,
      contentType: "application/x-amz-json-1.1",
      body: JSON.stringify(
        endless
          ? { __type: "InvalidNextTokenException", message: `still listing after ${ENDLESS} requests` }
          : { Events: [{ EventId: "e", CloudTrailEvent: JSON.stringify(record) }], NextToken: "page-2" },
      ),
    };
  });
  try {
    const cloudtrail = new CloudTrailClient({
      endpoint: server.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
      maxAttempts: 1,
      requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true },
    });
    const source = cloudTrailLookupSource({
      cloudtrail: () => cloudtrail,
      regions: ["us-east-1"],
      sleep: async () => {},
      now: () => Date.parse(WINDOW.end),
    });
    const items: ActivityItem[] = [];
    for await (const batch of source.read(WINDOW)) items.push(...batch);
    const failed = items.flatMap((i) => (i.kind === "warning" ? [i.warning] : []));
    assert.deepEqual(
      failed.map((w) => [w.origin, w.code]),
      [["LookupEvents us-east-1", "source-failed"]],
    );
    assert.match(
      failed[0]!.message,
      /LookupEvents answered page 2 with a continuation token it had already given/,
    );
    // The page answering the repeated token is the first one again: its events are not counted twice.
    assert.equal(items.filter((i) => i.kind === "event").length, 1);
    assert.deepEqual(
      items.flatMap((i) => (i.kind === "extent" ? [i.extent] : [])),
      [{ regions: [], complete: false }],
    );
  } finally {
    await server.close();
  }
});

test("ListAccounts answering a NextToken it gave before fails the listing, rather than list forever", async () => {
  const organizations = new OrganizationsClient(clientConfig(moto.connection));
  await organizations.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
  for (const name of ["a", "b"])
    await organizations.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
  const faulty = droppingToken(new OrganizationsClient(clientConfig(moto.connection)), "NextToken", {
    MaxResults: 1,
  });
  await assert.rejects(
    listOrganizationAccounts(faulty),
    /ListAccounts answered page 2 with a continuation token it had already given/,
  );
});

// AWS documents the token as present whenever IsTruncated is: without it, the rest is out of reach.
test("GetAccountAuthorizationDetails saying there is more but giving no Marker fails the read, not taken as whole", async () => {
  const iam = truncating(createClients(moto.connection).iam, { Marker: undefined });
  await assert.rejects(
    fetchAuthorizationDetails(iam),
    /iam:GetAccountAuthorizationDetails failed: .*said there is more but gave no continuation token/,
  );
});

test("ListObjectsV2 saying there is more but giving no continuation token fails the bucket's read", async () => {
  const s3 = moto.clients.s3;
  await s3.send(new CreateBucketCommand({ Bucket: "trail" }));
  const base = `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2026/11/02/${ACCOUNT}_CloudTrail_us-east-1_20261102T`;
  await s3.send(
    new PutObjectCommand({ Bucket: "trail", Key: `${base}0005Z_a.json`, Body: '{"Records":[]}' }),
  );
  const faulty = truncating(createClients(moto.connection).s3, { NextContinuationToken: undefined });
  const source = cloudTrailS3Source({ s3: faulty, bucket: "trail" });
  await assert.rejects(async () => {
    for await (const _ of source.read(WINDOW));
  }, /ListObjectsV2 .*said there is more but gave no continuation token/);
});

// A page answered twice under different tokens (a proxy replaying a response) lists an account
// again: audited twice at once, its two runs would write one folder together.
test("ListAccounts listing an account twice lists it once", async () => {
  const organizations = new OrganizationsClient(clientConfig(moto.connection));
  await organizations.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
  await organizations.send(new CreateAccountCommand({ AccountName: "a", Email: "a@example.com" }));
  const twice = new OrganizationsClient(clientConfig(moto.connection));
  (twice as unknown as Stack).middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const accounts = (result.output?.Accounts ?? []) as unknown[];
      return { ...result, output: { ...result.output, Accounts: [...accounts, ...accounts] } };
    },
    { step: "initialize", name: "twice" },
  );
  const listed = await listOrganizationAccounts(twice);
  assert.equal(listed.length, 2);
  assert.equal(new Set(listed.map((a) => a.id)).size, 2);
});
