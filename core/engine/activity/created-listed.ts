import type { Catalog } from "../catalog/catalog.js";
import type { ActionInfo, ActionResourceType } from "../catalog/types.js";
import { formatPattern } from "./resources.js";

const NORMALIZE = /[^a-z0-9]/g;
const NONE = null;

/**
 * The resource type a wildcard-only `Create<Type>` or `Put<Type>` makes, where its service has a
 * type of that name (`kms:CreateKey` a `key`): such a call can be granted on `*` alone, as what it
 * makes has no ARN until AWS picks its id, yet the record lists the new resource among its
 * `resources` (CloudTrail's CreateKey entry lists the new key). undefined for any other action.
 * https://docs.aws.amazon.com/kms/latest/developerguide/ct-createkey.html
 */
export function wildcardCreatedType(catalog: Catalog, action: ActionInfo): ActionResourceType | undefined {
  let known = createdType.get(action);
  if (known === undefined) {
    known = NONE;
    const noun = action.wildcardOnly
      ? /^(?:Create|Put)(.+)$/.exec(action.name)?.[1]?.toLowerCase().replace(NORMALIZE, "")
      : undefined;
    for (const [name, type] of noun ? (catalog.service(action.service)?.resourceTypes ?? []) : []) {
      if (name.toLowerCase().replace(NORMALIZE, "") !== noun) continue;
      known = { name, required: false, arnFormat: type.arn, conditionKeys: [], dependentActions: [] };
      break;
    }
    createdType.set(action, known);
  }
  return known ?? undefined;
}

const createdType = new WeakMap<ActionInfo, ActionResourceType | null>();

/** The ARNs among a wildcard-only creating call's candidates that name the resource it made. */
export function createdListed(type: ActionResourceType, arns: readonly string[]): string[] {
  const pattern = formatPattern(type.arnFormat);
  return arns.filter((arn) => pattern.test(arn));
}
