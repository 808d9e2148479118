import assert from "node:assert/strict";
import { test } from "node:test";
import type { ActivityEvidence } from "../../../core/engine/findings/context.js";
import { unusedUser } from "../../../core/engine/findings/unused-user.js";
import type { UserCredentials } from "../../../core/engine/snapshot/model.js";
import { catalog } from "../../helpers/catalog.js";
import { allowDoc, credentials, user } from "../../helpers/snapshot-fixture.js";
import { contextFor, iso, snapshotAtNow } from "./context.js";

// The credential report shows passwords, access keys and signing certificates, never SSH public
// keys (CodeCommit over SSH) or service-specific credentials (CodeCommit over HTTPS, Keyspaces,
// Bedrock API keys): only the live collector lists those. A user whose password went idle two
// hundred days ago may push to CodeCommit over SSH every day.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
// https://docs.aws.amazon.com/codecommit/latest/userguide/setting-up-ssh-unixes.html
const git = user("git", { inlinePolicies: [{ name: "p", document: allowDoc("codecommit:GitPush") }] });
const idle = (extra: Partial<UserCredentials> = {}) =>
  credentials("git", { password: { enabled: true, lastUsed: iso(200) }, ...extra });
const detect = (c: UserCredentials, extra = {}) =>
  unusedUser.detect(contextFor(snapshotAtNow({ users: [git], credentials: { [c.userArn]: c } }), extra));

/** A trail read over the whole window that records git pushes and saw none. */
function silent(): ActivityEvidence {
  const observable = catalog.emptySet();
  observable.add(catalog.action("codecommit:GitPush")!.id);
  return { observable, usageOf: () => undefined, lastSeen: () => undefined, covers: true };
}

test("a user whose SSH keys and service-specific credentials were never listed is not unused from its idle password", () => {
  // Read from the credential report alone (an offline audit, or a listing that failed).
  assert.deepEqual(detect(idle()), []);
  // The report's signing certificates alone say nothing of the other two.
  const certificate = { kind: "signing-certificate" as const, id: "cert_1", active: false };
  assert.deepEqual(detect(idle({ otherCredentials: [certificate] })), []);
});

test("a user listed with no SSH key or service-specific credential is judged by its password and keys", () => {
  assert.equal(detect(idle({ otherCredentials: [] })).length, 1);
  const inactive = { kind: "ssh-public-key" as const, id: "APKAEIBAERJR2EXAMPLE", active: false };
  assert.equal(detect(idle({ otherCredentials: [inactive] })).length, 1);
});

test("a trail that records the user's every call and saw none makes it unused, listed or not", () => {
  const [finding] = detect(idle(), { activity: silent() });
  assert.equal(finding?.kind, "unused-user");
  assert.match(finding?.detail ?? "", /not listed/);
});
