import type { UserCredentials } from "../engine/snapshot/model.js";
import { boundedMap } from "../node/concurrency.js";

/**
 * Each user's credentials completed by `complete`, at most `concurrency` users at a time, keyed by
 * user ARN. A user whose completion fails keeps what it had (its own data still stands) and is
 * handed to `failed`, so the caller words the warning.
 */
export async function completeEachUser(
  credentials: Record<string, UserCredentials>,
  concurrency: number,
  complete: (c: UserCredentials) => Promise<UserCredentials>,
  failed: (c: UserCredentials, error: unknown) => void,
): Promise<Record<string, UserCredentials>> {
  const completed = await boundedMap(Object.values(credentials), concurrency, async (c) => {
    try {
      return await complete(c);
    } catch (error) {
      failed(c, error);
      return c;
    }
  });
  return Object.fromEntries(completed.map((c) => [c.userArn, c]));
}
