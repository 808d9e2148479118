const arnIndex = new WeakMap<
  readonly { arn: string }[],
  { size: number; byArn: Map<string, { arn: string }[]> }
>();

/** The entries of `list` with ARN `arn`, in order, found by an index built once per list. */
export function withArn<T extends { arn: string }>(list: readonly T[], arn: string): readonly T[] {
  let index = arnIndex.get(list);
  if (!index || index.size !== list.length) {
    const byArn = new Map<string, { arn: string }[]>();
    for (const entry of list) {
      const found = byArn.get(entry.arn);
      if (found) found.push(entry);
      else byArn.set(entry.arn, [entry]);
    }
    index = { size: list.length, byArn };
    arnIndex.set(list, index);
  }
  return (index.byArn.get(arn) as T[] | undefined) ?? [];
}
