import type { Snapshot } from "../snapshot/model.js";
import { inlineSource } from "../snapshot/policies-of.js";

/** The account's own policy documents (customer managed, then inline): AWS managed ones it cannot change. */
export function* ownDocuments(
  snapshot: Snapshot,
): Generator<{ source: string; document: unknown; principalArn?: string }> {
  for (const policy of Object.values(snapshot.managedPolicies)) {
    if (!policy.isAwsManaged) yield { source: policy.arn, document: policy.document };
  }
  const { users, roles, groups } = snapshot;
  for (const principal of [...users, ...roles, ...groups]) {
    for (const inline of principal.inlinePolicies) {
      yield {
        source: inlineSource(principal.arn, inline.name),
        document: inline.document,
        principalArn: principal.arn,
      };
    }
  }
}
