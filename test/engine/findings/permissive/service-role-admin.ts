import type { Finding } from "../../../../core/engine/findings/types.js";
import { doc } from "../../../helpers/policies.js";
import { role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, policyArn, run, trustDoc } from "./fixture.js";

const ADMIN = doc({ Effect: "Allow", Action: "*", Resource: "*" });

/**
 * The escalation findings of user `dev`, allowed `actions` on everything, in an account with an
 * administrator role `roleName` that `service` may assume (the role a passed-role path would use).
 */
export function serviceRoleEscalation(roleName: string, service: string, actions: string[]): Finding[] {
  const target = role(roleName, {
    trustPolicy: trustDoc({ Service: service }),
    attachedPolicyArns: [policyArn("admin")],
  });
  const dev = user("dev", { attachedPolicyArns: [policyArn("dev")] });
  const snapshot = snapshotWith({
    users: [dev],
    roles: [target],
    managedPolicies: {
      ...managed("admin", ADMIN),
      ...managed("dev", doc({ Effect: "Allow", Action: actions, Resource: "*" })),
    },
  });
  return findingsOf(run(snapshot), "privilege-escalation", dev.arn);
}
