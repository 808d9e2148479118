import type { ActionUsage } from "../activity/usage.js";

/**
 * The actions whose key is the one that encrypted the ciphertext they are given, not one the
 * caller chooses: a symmetric Decrypt omits its KeyId, and "AWS KMS automatically uses the KMS key
 * that encrypted the ciphertext"; a ReEncrypt decrypts under that key too.
 * https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys-manually.html
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ReEncrypt.html
 */
const CIPHERTEXT_KEY_ACTIONS: ReadonlySet<string> = new Set(["kms:Decrypt", "kms:ReEncryptFrom"]);

/**
 * Usage whose calls decrypt under a key the principal's own calls named by alias, counted as calls
 * whose key could not be named, so the action keeps today's scope on keys (never more). After a
 * manual rotation moves the alias, the principal encrypts under the new key and then decrypts what
 * it encrypted there: narrowed to the key the alias pointed to in the window, that Decrypt is
 * refused. (The alias-named calls themselves keep today's scope already: alias-named-key.ts.)
 */
export function followingAliases(usage: readonly ActionUsage[]): readonly ActionUsage[] {
  const aliased = new Set<string>();
  for (const u of usage) for (const key of u.aliasedResources ?? []) aliased.add(key);
  if (aliased.size === 0) return usage;
  // `*`: more keys reached by alias than the aggregate keeps, any of them perhaps this one.
  const follows = (key: string) => aliased.has(key) || aliased.has("*");
  return usage.map((u) =>
    CIPHERTEXT_KEY_ACTIONS.has(u.action) && u.count > 0 && u.resources.some(follows)
      ? { ...u, unscoped: u.unscoped + 1 }
      : u,
  );
}
