import { type DeriveContext, kmsKey, str } from "./types.js";

const KEY_ARN = /^arn:[^:]+:kms:[^:]*:\d*:key\/.+$/;

/**
 * The source and destination keys of a ReEncrypt: KMS authorizes kms:ReEncryptFrom on the source
 * and kms:ReEncryptTo on the destination. The record lists both keys among its resources and names
 * the destination (`destinationKeyId`), the source only sometimes (`sourceKeyId`), either by key
 * id, key ARN or alias. A key named by id or ARN tells the listed keys apart, the other listed key
 * being the other end; when neither end can be told (an alias), each action keeps every key, so
 * no grant the call needed is lost.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ReEncrypt.html
 */
export function reEncryptKeys(ctx: DeriveContext): { sourceKey: string[]; destinationKey: string[] } {
  const listed = ctx.listed.filter((arn) => KEY_ARN.test(arn));
  const destination = keyNamed(ctx, listed, ctx.params.destinationKeyId);
  const source = keyNamed(ctx, listed, ctx.params.sourceKeyId);
  const keys = [...new Set([...listed, ...(source ?? []), ...(destination ?? [])])];
  const otherThan = (end: string) => {
    const others = keys.filter((k) => k !== end);
    return others.length > 0 ? others : [end];
  };
  if (source && destination) return { sourceKey: [source], destinationKey: [destination] };
  if (destination) return { sourceKey: otherThan(destination), destinationKey: [destination] };
  if (source) return { sourceKey: [source], destinationKey: otherThan(source) };
  return { sourceKey: keys, destinationKey: keys };
}

/** The key ARN a key id or key ARN stands for, found among the listed keys or built; none for an alias. */
function keyNamed(ctx: DeriveContext, listed: readonly string[], value: unknown): string | undefined {
  const id = str(value);
  if (!id) return undefined;
  const byId = id.startsWith("arn:") ? undefined : listed.find((arn) => arn.endsWith(`:key/${id}`));
  return byId ?? kmsKey(ctx, id)[0];
}
