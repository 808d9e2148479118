import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  CreateTrailCommand,
  GetTrailStatusCommand,
  StartLoggingCommand,
  StopLoggingCommand,
} from "@aws-sdk/client-cloudtrail";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { readTrailLogging } from "../../core/aws/cloudtrail-event-selectors.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";

let moto: MotoServer;
before(async () => {
  moto = await startMoto();
});
after(() => moto.stop());

async function trail(name: string) {
  await moto.clients.s3.send(new CreateBucketCommand({ Bucket: `${name}-logs` }));
  await moto.clients.cloudtrail.send(new CreateTrailCommand({ Name: name, S3BucketName: `${name}-logs` }));
  await moto.clients.cloudtrail.send(new StartLoggingCommand({ Name: name }));
}

const named = async (name: string) =>
  (await readTrailLogging(moto.clients.cloudtrail)).find((l) => l.trail?.endsWith(`/${name}`));

test("a stopped trail reads as not logging, with when it stopped; a logging trail as logging since its start", async () => {
  await moto.reset();
  await trail("running");
  await trail("stopped");
  await moto.clients.cloudtrail.send(new StopLoggingCommand({ Name: "stopped" }));
  const stopped = await named("stopped");
  assert.equal(stopped?.status?.logging, false);
  assert.ok(stopped?.status && "stoppedAt" in stopped.status && stopped.status.stoppedAt);
  assert.ok(!Number.isNaN(Date.parse(stopped.status.stoppedAt)));
  const running = await named("running");
  assert.equal(running?.status?.logging, true);
  assert.ok(running?.status && "startedAt" in running.status && running.status.startedAt);
  // Its selectors are read as before: every management event, no data event.
  assert.deepEqual(running.management, { read: { excludedSources: [] }, write: { excludedSources: [] } });
  assert.deepEqual(running.data, []);
});

test("a status that cannot be read leaves the trail's status unknown, with why, and the other trails read", async () => {
  await moto.reset();
  await trail("denied");
  const client = {
    send: ((command: unknown) => {
      if (command instanceof GetTrailStatusCommand)
        return Promise.reject(
          Object.assign(new Error("User is not authorized to perform: cloudtrail:GetTrailStatus"), {
            name: "AccessDeniedException",
          }),
        );
      return moto.clients.cloudtrail.send(command as never);
    }) as typeof moto.clients.cloudtrail.send,
  };
  const [logging] = await readTrailLogging(client);
  assert.equal(logging?.status?.logging, "unknown");
  assert.match(logging?.status && "reason" in logging.status ? logging.status.reason : "", /GetTrailStatus/);
  assert.deepEqual(logging?.data, []);
});

test("a trail whose latest delivery failed reads with the S3 error its status gives", async () => {
  await moto.reset();
  await trail("refused");
  const client = {
    send: (async (command: unknown) => {
      const output = await moto.clients.cloudtrail.send(command as never);
      return command instanceof GetTrailStatusCommand
        ? { ...(output as object), LatestDeliveryError: "AccessDenied" }
        : output;
    }) as typeof moto.clients.cloudtrail.send,
  };
  const [logging] = await readTrailLogging(client);
  assert.equal(logging?.status?.logging, true);
  assert.equal(
    logging?.status && "deliveryError" in logging.status && logging.status.deliveryError,
    "AccessDenied",
  );
});
