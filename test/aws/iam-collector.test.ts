import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import {
  AddRoleToInstanceProfileCommand,
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetAccountAuthorizationDetailsCommand,
  type GetAccountAuthorizationDetailsCommandOutput,
  type IAMClient,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
  UpdateAccountPasswordPolicyCommand,
  UploadSSHPublicKeyCommand,
} from "@aws-sdk/client-iam";
import { IamSnapshotSource } from "../../core/aws/iam-collector.js";
import { policiesOf } from "../../core/engine/snapshot/policies-of.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";

let moto: MotoServer;
before(async () => {
  moto = await startMoto();
});
after(async () => {
  await moto.stop();
});
beforeEach(async () => {
  await moto.reset();
});

const allow = (action: string) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: action, Resource: "*" }],
});
const trust = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
};
/** IAM's tag pattern refuses markup (unusual markup is tested offline); this is its oddest legal text. */
const unusual = "=@:/+-_. Ünïcødé 名前 \u3000";
const clock = () => new Date("2026-06-01T00:00:00Z");
const SSH_KEY = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDexample bob@example";
const fastPoll = { intervalMs: 10, timeoutMs: 5000 };

/**
 * moto 5.2.1 answers GetAccountAuthorizationDetails in one page whatever MaxItems says
 * (moto/iam/responses.py sets IsTruncated false). This client passes every other call through and
 * splits moto's answer into pages of MaxItems entries with Marker/IsTruncated, as AWS does, so the
 * collector's pagination runs against moto's data. It records the MaxItems it was asked for.
 * moto's answer is fetched once per listing (the first page), as it lists ~1,500 AWS policies.
 */
function paginatingClient(iam: IAMClient, asked: number[]): Pick<IAMClient, "send"> {
  const lists = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"] as const;
  let full: GetAccountAuthorizationDetailsCommandOutput | undefined;
  return {
    send: (async (command: { input: Record<string, unknown> }) => {
      if (!(command instanceof GetAccountAuthorizationDetailsCommand)) return iam.send(command as never);
      const maxItems = Number(command.input.MaxItems);
      asked.push(maxItems);
      if (command.input.Marker === undefined || !full)
        full = await iam.send(new GetAccountAuthorizationDetailsCommand({}));
      const answer = full;
      const entries = lists.flatMap((list) => (answer[list] ?? []).map((item) => [list, item] as const));
      const start = Number(command.input.Marker ?? 0);
      const page: Record<string, unknown> = { $metadata: answer.$metadata };
      for (const list of lists) page[list] = [];
      for (const [list, item] of entries.slice(start, start + maxItems)) (page[list] as unknown[]).push(item);
      const next = start + maxItems;
      return {
        ...page,
        IsTruncated: next < entries.length,
        ...(next < entries.length ? { Marker: String(next) } : {}),
      };
    }) as IAMClient["send"],
  };
}

async function createAccount() {
  const iam = moto.clients.iam;
  const send = <T>(c: T) => iam.send(c as never) as Promise<never>;
  const managed = await send(
    new CreatePolicyCommand({ PolicyName: "ReadBuckets", PolicyDocument: JSON.stringify(allow("s3:List*")) }),
  );
  const boundary = await send(
    new CreatePolicyCommand({ PolicyName: "Boundary", PolicyDocument: JSON.stringify(allow("s3:*")) }),
  );
  const managedArn = (managed as { Policy: { Arn: string } }).Policy.Arn;
  const boundaryArn = (boundary as { Policy: { Arn: string } }).Policy.Arn;

  await send(new CreateGroupCommand({ GroupName: "devs", Path: "/team/" }));
  await send(
    new PutGroupPolicyCommand({
      GroupName: "devs",
      PolicyName: "logs",
      PolicyDocument: JSON.stringify(allow("logs:*")),
    }),
  );
  await send(new AttachGroupPolicyCommand({ GroupName: "devs", PolicyArn: managedArn }));

  await send(new CreateUserCommand({ UserName: "alice", Tags: [{ Key: "owner", Value: unusual }] }));
  await send(new AddUserToGroupCommand({ GroupName: "devs", UserName: "alice" }));
  await send(
    new PutUserPolicyCommand({
      UserName: "alice",
      PolicyName: "queue",
      PolicyDocument: JSON.stringify(allow("sqs:SendMessage")),
    }),
  );
  await send(new CreateLoginProfileCommand({ UserName: "alice", Password: "Correct-Horse-Battery-9" }));
  const key1 = (await send(new CreateAccessKeyCommand({ UserName: "alice" }))) as {
    AccessKey: { AccessKeyId: string };
  };
  const key2 = (await send(new CreateAccessKeyCommand({ UserName: "alice" }))) as {
    AccessKey: { AccessKeyId: string };
  };
  await send(
    new UpdateAccessKeyCommand({
      UserName: "alice",
      AccessKeyId: key2.AccessKey.AccessKeyId,
      Status: "Inactive",
    }),
  );

  // moto does not model user permissions boundaries (moto/iam/models.py); roles carry one here.
  await send(new CreateUserCommand({ UserName: "bob", Path: "/ops/" }));
  const ssh = (await send(new UploadSSHPublicKeyCommand({ UserName: "bob", SSHPublicKeyBody: SSH_KEY }))) as {
    SSHPublicKey: { SSHPublicKeyId: string };
  };
  await send(
    new AttachUserPolicyCommand({ UserName: "bob", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }),
  );

  await send(
    new CreateRoleCommand({
      RoleName: "worker",
      AssumeRolePolicyDocument: JSON.stringify(trust),
      Tags: [{ Key: unusual, Value: "v" }],
      PermissionsBoundary: boundaryArn,
    }),
  );
  await send(
    new PutRolePolicyCommand({
      RoleName: "worker",
      PolicyName: "inline",
      PolicyDocument: JSON.stringify(allow("dynamodb:GetItem")),
    }),
  );
  await send(new AttachRolePolicyCommand({ RoleName: "worker", PolicyArn: managedArn }));
  await send(new CreateInstanceProfileCommand({ InstanceProfileName: "worker-profile" }));
  await send(
    new AddRoleToInstanceProfileCommand({ InstanceProfileName: "worker-profile", RoleName: "worker" }),
  );
  for (const n of [1, 2, 3]) {
    await send(
      new CreateRoleCommand({ RoleName: `filler-${n}`, AssumeRolePolicyDocument: JSON.stringify(trust) }),
    );
  }
  return {
    managedArn,
    boundaryArn,
    keys: [key1.AccessKey.AccessKeyId, key2.AccessKey.AccessKeyId],
    sshKey: ssh.SSHPublicKey.SSHPublicKeyId,
  };
}

test("the live snapshot equals what was created, read through several pages", async () => {
  const created = await createAccount();
  const asked: number[] = [];
  const source = new IamSnapshotSource(
    { iam: paginatingClient(moto.clients.iam, asked), sts: moto.clients.sts },
    { pageSize: 50, poll: fastPoll, clock, lastAccessed: false },
  );
  const snapshot = await source.load();
  assert.ok(asked.length >= 3, `expected several pages, got ${asked.length}`);
  assert.ok(asked.every((n) => n === 50));

  assert.equal(snapshot.accountId, "123456789012");
  // moto 5.2.1 implements ListSSHPublicKeys, not ListServiceSpecificCredentials (an HTML 500).
  assert.deepEqual(
    snapshot.warnings,
    [
      "service-specific credentials are unavailable: the endpoint does not implement ListServiceSpecificCredentials; users' use through them is unknown",
    ],
    "the SDK's output holds no field the reader does not know",
  );
  assert.equal(snapshot.collectedAt, "2026-06-01T00:00:00.000Z");
  const alice = snapshot.users.find((u) => u.name === "alice");
  assert.deepEqual(
    {
      groups: alice?.groups,
      tags: alice?.tags,
      inline: alice?.inlinePolicies,
    },
    {
      groups: ["devs"],
      tags: [{ key: "owner", value: unusual }],
      inline: [{ name: "queue", document: allow("sqs:SendMessage") }],
    },
  );
  const bob = snapshot.users.find((u) => u.name === "bob");
  assert.equal(bob?.path, "/ops/");
  assert.deepEqual(bob?.attachedPolicyArns, ["arn:aws:iam::aws:policy/ReadOnlyAccess"]);

  const devs = snapshot.groups.find((g) => g.name === "devs");
  assert.equal(devs?.path, "/team/");
  assert.deepEqual(devs?.inlinePolicies, [{ name: "logs", document: allow("logs:*") }]);
  assert.deepEqual(devs?.attachedPolicyArns, [created.managedArn]);

  const worker = snapshot.roles.find((r) => r.name === "worker");
  assert.deepEqual(worker?.trustPolicy, trust);
  assert.deepEqual(worker?.inlinePolicies, [{ name: "inline", document: allow("dynamodb:GetItem") }]);
  assert.deepEqual(worker?.attachedPolicyArns, [created.managedArn]);
  assert.deepEqual(worker?.tags, [{ key: unusual, value: "v" }]);
  assert.equal(worker?.permissionsBoundaryArn, created.boundaryArn);
  assert.deepEqual(
    worker?.instanceProfiles.map((p) => p.name),
    ["worker-profile"],
  );
  assert.equal(worker?.serviceLinked, false);
  assert.deepEqual(snapshot.roles.map((r) => r.name).sort(), ["filler-1", "filler-2", "filler-3", "worker"]);

  const readBuckets = snapshot.managedPolicies[created.managedArn];
  assert.deepEqual(readBuckets?.document, allow("s3:List*"));
  assert.equal(readBuckets?.isAwsManaged, false);
  assert.equal(typeof snapshot.managedPolicies["arn:aws:iam::aws:policy/ReadOnlyAccess"]?.document, "object");
  assert.equal(
    snapshot.managedPolicies["arn:aws:iam::aws:policy/AdministratorAccess"],
    undefined,
    "unattached AWS policies are left out",
  );

  const credentials = snapshot.credentials[alice?.arn ?? ""];
  assert.equal(credentials?.password.enabled, true);
  assert.equal(credentials?.mfa.active, false);
  assert.deepEqual(
    credentials?.accessKeys.map((k) => [k.id, k.status, k.lastUsed]),
    [
      [created.keys[0], "Active", null],
      [created.keys[1], "Inactive", null],
    ],
  );
  assert.equal(snapshot.credentials[bob?.arn ?? ""]?.password.enabled, false);
  // IAM records no last use of an SSH key: listed, so that bob is not called unused for want of it.
  assert.deepEqual(credentials?.otherCredentials, []);
  assert.deepEqual(snapshot.credentials[bob?.arn ?? ""]?.otherCredentials, [
    { kind: "ssh-public-key", id: created.sshKey, active: true },
  ]);

  const applied = policiesOf(snapshot, alice?.arn ?? "");
  assert.deepEqual(
    applied?.identity.map((p) => p.source),
    [`${alice?.arn}#inline/queue`, `${devs?.arn}#inline/logs`, created.managedArn],
  );
});

test("no password policy is recorded as absent; a set one is read", async () => {
  const source = () => new IamSnapshotSource(moto.clients, { poll: fastPoll, clock, lastAccessed: false });
  assert.deepEqual((await source().load()).passwordPolicy, { status: "absent" });
  await moto.clients.iam.send(
    new UpdateAccountPasswordPolicyCommand({
      MinimumPasswordLength: 16,
      PasswordReusePrevention: 24,
      RequireSymbols: true,
    }),
  );
  const policy = (await source().load()).passwordPolicy;
  assert.equal(policy?.status, "present");
  assert.equal(policy?.status === "present" && policy.minimumLength, 16);
  assert.equal(policy?.status === "present" && policy.reusePrevention, 24);
});

test("moto lacks the last-accessed API: the snapshot records a warning and the run succeeds", async () => {
  await moto.clients.iam.send(
    new CreateRoleCommand({ RoleName: "r", AssumeRolePolicyDocument: JSON.stringify(trust) }),
  );
  const snapshot = await new IamSnapshotSource(moto.clients, { poll: fastPoll, clock }).load();
  assert.deepEqual(snapshot.lastAccessed, {});
  assert.ok(
    snapshot.warnings.some((w) => /service last-accessed data is unavailable.*does not implement/.test(w)),
    snapshot.warnings.join("\n"),
  );
  assert.equal(snapshot.roles.length, 1);
});
