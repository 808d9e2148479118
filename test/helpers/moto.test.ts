import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  AttachUserPolicyCommand,
  CreateUserCommand,
  ListAttachedUserPoliciesCommand,
} from "@aws-sdk/client-iam";
import { type MotoServer, startMoto } from "./moto.js";

let moto: MotoServer;
before(async () => {
  moto = await startMoto();
});
after(() => moto.stop());

test("the emulator has AWS managed policies loaded, so they can be attached", async () => {
  await moto.clients.iam.send(new CreateUserCommand({ UserName: "alice" }));
  await moto.clients.iam.send(
    new AttachUserPolicyCommand({
      UserName: "alice",
      PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
    }),
  );
  const attached = await moto.clients.iam.send(new ListAttachedUserPoliciesCommand({ UserName: "alice" }));
  assert.deepEqual(
    attached.AttachedPolicies?.map((p) => p.PolicyName),
    ["AdministratorAccess"],
  );
});

test("reset wipes emulated state between tests", async () => {
  await moto.reset();
  const attached = moto.clients.iam.send(new ListAttachedUserPoliciesCommand({ UserName: "alice" }));
  await assert.rejects(attached, /cannot be found|NoSuchEntity/);
});
