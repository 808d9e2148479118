import type { Finding } from "../../../../core/engine/findings/types.js";
import { ADMIN, doc } from "../../../helpers/policies.js";
import { ACCOUNT, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, run, trustDoc } from "./fixture.js";

/** An administrator role EC2 instances run as, through its instance profile `node-admin`. */
export const nodeAdmin = role("node-admin", {
  trustPolicy: trustDoc({ Service: "ec2.amazonaws.com" }),
  inlinePolicies: [{ name: "admin", document: ADMIN }],
  instanceProfiles: [
    { arn: `arn:aws:iam::${ACCOUNT}:instance-profile/node-admin`, name: "node-admin", id: "AIPAnode" },
  ],
});

/** The escalation finding of user `dev`, allowed `actions` on everything, in an account with nodeAdmin. */
export function profileEscalation(actions: string[]): Finding | undefined {
  const dev = user("dev", {
    inlinePolicies: [{ name: "p", document: doc({ Effect: "Allow", Action: actions, Resource: "*" }) }],
  });
  return findingsOf(
    run(snapshotWith({ users: [dev], roles: [nodeAdmin] })),
    "privilege-escalation",
    dev.arn,
  )[0];
}
