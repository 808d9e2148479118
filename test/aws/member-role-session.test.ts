import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ListUsersCommand } from "@aws-sdk/client-iam";
import type { STSClient } from "@aws-sdk/client-sts";
import { createClients, type SessionCredentials } from "../../core/aws/clients.js";
import {
  MemberRoleError,
  memberRoleConnection,
  RENEW_BEFORE_MS,
} from "../../core/aws/member-role-session.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";

const ROLE = "arn:aws:iam::123456789012:role/whittle-audit";
let moto: MotoServer;
before(async () => {
  moto = await startMoto();
});
after(() => moto.stop());

/** moto's STS, counting the AssumeRole calls. */
function counting(): { sts: Pick<STSClient, "send">; calls: () => number } {
  let calls = 0;
  return {
    sts: {
      send: ((command: { constructor: { name: string } }) => {
        if (command.constructor.name === "AssumeRoleCommand") calls++;
        return moto.clients.sts.send(command as never);
      }) as STSClient["send"],
    },
    calls: () => calls,
  };
}

/** A clock the test moves. */
function clock() {
  let now = Date.now();
  return { now: () => new Date(now), pass: (ms: number) => (now += ms) };
}

const provider = (credentials: unknown) => credentials as () => Promise<SessionCredentials>;

test("a member session is renewed before it expires, and not before it nears its end", async () => {
  const { sts, calls } = counting();
  const time = clock();
  const member = await memberRoleConnection(sts, moto.connection, ROLE, "whittle-test", time.now);
  const credentials = provider(member.credentials);
  const first = await credentials();
  assert.ok(first.expiration, "an assumed role's session expires");
  time.pass(30 * 60_000);
  assert.equal((await credentials()).accessKeyId, first.accessKeyId);
  assert.equal(calls(), 1);
  // Within the margin before the session's end: two requests at once share one renewal.
  time.pass(first.expiration.getTime() - time.now().getTime() - RENEW_BEFORE_MS + 1);
  const [renewed, again] = await Promise.all([credentials(), credentials()]);
  assert.notEqual(renewed.accessKeyId, first.accessKeyId);
  assert.equal(again.accessKeyId, renewed.accessKeyId);
  assert.equal(calls(), 2);
});

test("a client of the member account signs, past the first session's hour, with a renewed session", async () => {
  const { sts } = counting();
  const time = clock();
  const member = await memberRoleConnection(sts, moto.connection, ROLE, "whittle-test", time.now);
  const first = await provider(member.credentials)();
  const iam = createClients(member).iam;
  const signedWith: string[] = [];
  iam.middlewareStack.add(
    (next) => async (args) => {
      const authorization = (args.request as { headers: Record<string, string> }).headers.authorization ?? "";
      signedWith.push(/Credential=([^/]+)/.exec(authorization)?.[1] ?? "");
      return next(args);
    },
    { step: "finalizeRequest", priority: "low" },
  );
  time.pass(55 * 60_000);
  await iam.send(new ListUsersCommand({}));
  assert.equal(signedWith.length, 1);
  assert.ok(signedWith[0]);
  assert.notEqual(signedWith[0], first.accessKeyId);
});

test("a role that cannot be assumed fails the connection, not its first request", async () => {
  const sts = {
    send: (async () => {
      throw Object.assign(new Error("not authorized to perform sts:AssumeRole"), { name: "AccessDenied" });
    }) as STSClient["send"],
  };
  await assert.rejects(memberRoleConnection(sts, moto.connection, ROLE), MemberRoleError);
});
