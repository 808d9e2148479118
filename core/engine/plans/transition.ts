import { canonical, type IamState, type PolicyState, type PrincipalState } from "./state.js";

/**
 * Whether a reading of IAM right after a change lies between the state before it and the state it
 * makes: each part as it was, or as it becomes. IAM is eventually consistent, so a read just after a
 * write may not show it yet; a reading with anything else in it (a policy neither state holds, a
 * document neither wrote) is a real difference, which waiting will not mend.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency
 */
export function inTransition(from: IamState, to: IamState, actual: IamState): boolean {
  const principalsOk = to.principals.every((t) => {
    const key = (p: PrincipalState) => p.type === t.type && p.name === t.name;
    const f = from.principals.find(key);
    const a = actual.principals.find(key);
    return f !== undefined && a !== undefined && principalBetween(f, t, a);
  });
  const policiesOk = to.policies.every((t) => {
    const f = from.policies.find((p) => p.arn === t.arn);
    const a = actual.policies.find((p) => p.arn === t.arn);
    return f !== undefined && a !== undefined && policyBetween(f, t, a);
  });
  return principalsOk && policiesOk;
}

/** Every item of `actual` is in `from` or `to`, and what both hold is in `actual`. */
function listBetween(from: readonly string[], to: readonly string[], actual: readonly string[]): boolean {
  return (
    actual.every((x) => from.includes(x) || to.includes(x)) &&
    from.filter((x) => to.includes(x)).every((x) => actual.includes(x))
  );
}

/** `actual`'s document of `name` is the one `from` or `to` holds under that name. */
function documentBetween<T extends { document: unknown }>(
  from: T | undefined,
  to: T | undefined,
  actual: T,
): boolean {
  const seen = canonical(actual.document);
  return (
    (from !== undefined && canonical(from.document) === seen) ||
    (to !== undefined && canonical(to.document) === seen)
  );
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return canonical([...(a ?? [])].sort()) === canonical([...(b ?? [])].sort());
}

function principalBetween(from: PrincipalState, to: PrincipalState, actual: PrincipalState): boolean {
  const names = (p: PrincipalState) => p.inline.map((i) => i.name);
  return (
    listBetween(from.attached, to.attached, actual.attached) &&
    listBetween(names(from), names(to), names(actual)) &&
    actual.inline.every((a) =>
      documentBetween(
        from.inline.find((i) => i.name === a.name),
        to.inline.find((i) => i.name === a.name),
        a,
      ),
    ) &&
    // A change never moves users between groups: any move there is someone else's.
    sameList(to.members, actual.members) &&
    sameList(to.groups, actual.groups)
  );
}

function policyBetween(from: PolicyState, to: PolicyState, actual: PolicyState): boolean {
  const ids = (p: PolicyState) => p.versions.map((v) => v.versionId);
  return (
    [from.defaultVersionId, to.defaultVersionId].includes(actual.defaultVersionId) &&
    listBetween(ids(from), ids(to), ids(actual)) &&
    actual.versions.every((a) =>
      documentBetween(
        from.versions.find((v) => v.versionId === a.versionId),
        to.versions.find((v) => v.versionId === a.versionId),
        a,
      ),
    ) &&
    listBetween(from.attachedTo, to.attachedTo, actual.attachedTo)
  );
}
