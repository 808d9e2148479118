import type { AccessKey, UserCredentials } from "../snapshot/model.js";
import type { FindingContext } from "./context.js";

/**
 * The last time CloudTrail saw a user's key sign a call: matched by key id where the snapshot
 * lists ids (live). A credential report has no ids: a use then belongs to the user's only active
 * key, and with two active keys either may have signed it, so neither is called unused on the
 * strength of its own silence. Undefined when CloudTrail shows no use.
 */
export function keyLastSeenInTrail(
  ctx: FindingContext,
  credentials: UserCredentials,
  key: AccessKey,
): string | undefined {
  if (key.status !== "Active") return undefined;
  const seen = ctx.activity?.usageOf(credentials.userArn)?.accessKeys ?? [];
  const matching = key.id ? seen.filter((s) => s.accessKeyId === key.id) : seen;
  let last: string | undefined;
  for (const s of matching) if (!last || s.lastSeen > last) last = s.lastSeen;
  return last;
}
