import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ListOrganizationsFeaturesCommand } from "@aws-sdk/client-iam";
import {
  AccessDeniedException,
  AlreadyInOrganizationException,
  CreateOrganizationCommand,
  ListDelegatedAdministratorsCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { clientConfig } from "../../core/aws/clients.js";
import { readDelegatedServices } from "../../core/aws/delegated-administrators.js";
import { readRootAccess } from "../../core/aws/organization-root-access.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";

type Stub = { send: (command: object) => Promise<unknown> };
const unused: Stub = {
  send: async () => {
    throw new Error("not called");
  },
};

/** Organizations answering ListDelegatedAdministrators in the pages given, and recording the asks. */
function organizationsAnswering(pages: string[][], asked: { ServicePrincipal?: string }[]): Stub {
  return {
    send: async (command) => {
      assert.ok(command instanceof ListDelegatedAdministratorsCommand);
      asked.push(command.input);
      const index = Number(command.input.NextToken ?? 0);
      return {
        DelegatedAdministrators: pages[index]!.map((Id) => ({ Id })),
        ...(index + 1 < pages.length ? { NextToken: String(index + 1) } : {}),
      };
    },
  };
}

const iamAnswering = (features: string[]): Stub => ({
  send: async (command) => {
    assert.ok(command instanceof ListOrganizationsFeaturesCommand);
    return { OrganizationId: "o-exampleorg1", EnabledFeatures: features };
  },
});

test("IAM's delegated administrators are read for iam.amazonaws.com, every page, with the root access features", async () => {
  const asked: { ServicePrincipal?: string }[] = [];
  const read = await readRootAccess(
    organizationsAnswering([["333333333333"], ["222222222222"]], asked) as never,
    iamAnswering(["RootCredentialsManagement"]) as never,
  );
  assert.deepEqual(read, {
    delegatedAdministrators: ["222222222222", "333333333333"],
    enabledFeatures: ["RootCredentialsManagement"],
  });
  assert.deepEqual(
    asked.map((input) => input.ServicePrincipal),
    ["iam.amazonaws.com", "iam.amazonaws.com"],
  );
  // None registered is a fact too: no member account may then call sts:AssumeRoot.
  assert.deepEqual(await readRootAccess(organizationsAnswering([[]], []) as never, unused as never), {
    delegatedAdministrators: [],
  });
});

test("delegated administrators that cannot be read are said why, and features that cannot be read left unknown", async () => {
  const denied: Stub = {
    send: async () => {
      throw new AccessDeniedException({
        message: "You don't have permissions to access this resource.",
        $metadata: { httpStatusCode: 400 },
      });
    },
  };
  assert.deepEqual(await readRootAccess(denied as never, unused as never), {
    delegatedAdministratorsUnread:
      "AccessDeniedException: You don't have permissions to access this resource.",
  });
});

let moto: MotoServer;
before(async () => {
  moto = await startMoto();
});
after(() => moto.stop());

test("moto refuses iam.amazonaws.com as a delegated administrator's service and lacks ListOrganizationsFeatures: both are unknown, the run goes on", async () => {
  const organizations = new OrganizationsClient(clientConfig(moto.connection));
  await organizations.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
  const read = await readRootAccess(organizations, moto.clients.iam);
  assert.equal(read.delegatedAdministrators, undefined);
  assert.equal(read.enabledFeatures, undefined);
  assert.match(
    read.delegatedAdministratorsUnread ?? "",
    /^InvalidInputException: .*unrecognized service principal/,
  );
});

test("moto registers no delegated administrator for StackSets or Identity Center: both are unknown with the reason, the run goes on", async () => {
  const organizations = new OrganizationsClient(clientConfig(moto.connection));
  // The organization the file's first test made, or one of this test's own when run alone.
  await organizations.send(new CreateOrganizationCommand({ FeatureSet: "ALL" })).catch((error) => {
    if (!(error instanceof AlreadyInOrganizationException)) throw error;
  });
  const read = await readDelegatedServices(organizations);
  assert.deepEqual(Object.keys(read).sort(), ["identityCenter", "stackSets"]);
  for (const service of Object.values(read))
    assert.match(
      "unread" in service ? service.unread : "",
      /^InvalidInputException: .*unrecognized service principal/,
    );
});

test("the delegated administrators of StackSets and Identity Center are read for their service principals, every page, each on its own", async () => {
  const asked: (string | undefined)[] = [];
  const organizations: Stub = {
    send: async (command) => {
      assert.ok(command instanceof ListDelegatedAdministratorsCommand);
      asked.push(command.input.ServicePrincipal);
      if (command.input.ServicePrincipal === "sso.amazonaws.com")
        throw new AccessDeniedException({ message: "denied", $metadata: { httpStatusCode: 400 } });
      return command.input.NextToken
        ? { DelegatedAdministrators: [{ Id: "444444444444" }] }
        : { DelegatedAdministrators: [{ Id: "555555555555" }], NextToken: "1" };
    },
  };
  assert.deepEqual(await readDelegatedServices(organizations as never), {
    stackSets: { accounts: ["444444444444", "555555555555"] },
    identityCenter: { unread: "AccessDeniedException: denied" },
  });
  assert.deepEqual(asked.sort(), [
    "member.org.stacksets.cloudformation.amazonaws.com",
    "member.org.stacksets.cloudformation.amazonaws.com",
    "sso.amazonaws.com",
  ]);
});
