import {
  CreateTrailCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
} from "@aws-sdk/client-cloudtrail";
import {
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  type IAMClient,
} from "@aws-sdk/client-iam";
import type { Runtime } from "../../functions/runtime.js";
import { DEPLOYMENT, deployToMoto, motoRuntime } from "./function-runtime.js";
import { type MotoServer, startMoto } from "./moto.js";

// A member account audited through the organization trail, which logs S3 object events and
// belongs to the management account (moto's own): its stops and selector changes are that
// account's records of the trail's home region.
export const MEMBER = "111122223333";

/** moto with the deployment and the organization trail `org`, which logs S3 object events. */
export async function startOrganization(): Promise<MotoServer> {
  const server = await startMoto();
  await deployToMoto(server);
  await server.clients.cloudtrail.send(
    new CreateTrailCommand({ Name: "org", S3BucketName: DEPLOYMENT.trail, IsMultiRegionTrail: true }),
  );
  await server.clients.cloudtrail.send(
    new PutEventSelectorsCommand({
      TrailName: "org",
      EventSelectors: [
        {
          ReadWriteType: "All",
          IncludeManagementEvents: true,
          DataResources: [{ Type: "AWS::S3::Object", Values: ["arn:aws:s3"] }],
        },
      ],
    }),
  );
  // moto creates a trail not logging, as CloudTrail's API does: one never started records nothing.
  await server.clients.cloudtrail.send(new StartLoggingCommand({ Name: "org" }));
  return server;
}

/** The member's runtime at `clock`, whose CloudTrail shows the management account's trail. */
export function memberRuntime(moto: MotoServer, env: Record<string, string>, clock: () => Date): Runtime {
  const runtime = motoRuntime(
    moto,
    { ORG_MODE: "true", MEMBER_ROLE_NAME: "WhittleAuditReadOnly", ...env },
    { clock },
  );
  const connect = runtime.connect;
  runtime.connect = (credentials) => ({ ...connect(credentials), cloudtrail: moto.clients.cloudtrail });
  return runtime;
}

/** The member's user `reader`, allowed to list buckets and read objects. */
export async function addReader(iam: IAMClient): Promise<void> {
  await iam.send(new CreateUserCommand({ UserName: "reader" }));
  const policy = await iam.send(
    new CreatePolicyCommand({
      PolicyName: "reading",
      PolicyDocument: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["s3:ListAllMyBuckets", "s3:GetObject"], Resource: "*" }],
      }),
    }),
  );
  await iam.send(new AttachUserPolicyCommand({ UserName: "reader", PolicyArn: policy.Policy?.Arn ?? "" }));
}
