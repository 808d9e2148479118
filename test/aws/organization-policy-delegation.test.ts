import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  AccessDeniedException,
  AlreadyInOrganizationException,
  CreateOrganizationCommand,
  DescribeResourcePolicyCommand,
  OrganizationsClient,
  ResourcePolicyNotFoundException,
} from "@aws-sdk/client-organizations";
import { clientConfig } from "../../core/aws/clients.js";
import { readPolicyDelegation } from "../../core/aws/organization-policy-delegation.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";

/** Organizations answering DescribeResourcePolicy as `answer` does. */
const answering = (answer: () => Promise<unknown>) => ({
  send: async (command: object) => {
    assert.ok(command instanceof DescribeResourcePolicyCommand);
    return answer();
  },
});

const CONTENT = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::222222222222:root" },
      Action: "organizations:UpdatePolicy",
      Resource: "*",
    },
  ],
});

test("the delegation policy is read as its document, none as a fact, a refusal with its reason", async () => {
  const read = await readPolicyDelegation(
    answering(async () => ({
      ResourcePolicy: { ResourcePolicySummary: { Id: "rp-1" }, Content: CONTENT },
    })) as never,
  );
  assert.deepEqual(read, { document: CONTENT });
  const none = await readPolicyDelegation(
    answering(async () => {
      throw new ResourcePolicyNotFoundException({ message: "none", $metadata: { httpStatusCode: 400 } });
    }) as never,
  );
  assert.deepEqual(none, { none: true });
  const denied = await readPolicyDelegation(
    answering(async () => {
      throw new AccessDeniedException({ message: "denied", $metadata: { httpStatusCode: 400 } });
    }) as never,
  );
  assert.deepEqual(denied, { unread: "AccessDeniedException: denied" });
  assert.deepEqual(await readPolicyDelegation(answering(async () => ({})) as never), {
    unread: "the answer holds no policy content",
  });
});

let moto: MotoServer;
before(async () => {
  moto = await startMoto();
});
after(() => moto.stop());

test("moto lacks DescribeResourcePolicy: the delegation policy is unknown with the reason, the run goes on", async () => {
  const organizations = new OrganizationsClient(clientConfig(moto.connection));
  await organizations.send(new CreateOrganizationCommand({ FeatureSet: "ALL" })).catch((error) => {
    if (!(error instanceof AlreadyInOrganizationException)) throw error;
  });
  const read = await readPolicyDelegation(organizations);
  // moto answers an action it does not implement with an HTML page, not an Organizations error.
  assert.match("unread" in read ? read.unread : JSON.stringify(read), /^SyntaxError: .*not valid JSON/);
});
