import { formatPattern, formatValues } from "../activity/resources.js";
import type { Catalog } from "../catalog/catalog.js";
import type { ActionInfo, ActionResourceType } from "../catalog/types.js";

/**
 * A call that creates the resource it names (`dynamodb:CreateTable`, `lambda:CreateFunction`,
 * `s3:PutObject`, `logs:CreateLogStream`) names a new one next time: a daily job's table, object
 * or stream carries that day's date or a fresh id. Scoped to the names the window saw, the next
 * call is refused, though both proofs pass (they replay the names seen). Such a resource keeps the
 * action on every resource of its type inside its parent (the bucket's objects, the log group's
 * streams; the region and account's tables), never past a current grant: `undefined` when the
 * action does not create the resource `arn` names, or its name holds characters a pattern would
 * read as wildcards.
 */
export function createdContainer(catalog: Catalog, action: ActionInfo, arn: string): string | undefined {
  const created = createdType(action);
  if (!created || !formatPattern(created.arnFormat).test(arn)) return undefined;
  const template = containerTemplate(catalog, action.service, created.arnFormat);
  const names = template.match(VARIABLE) ?? [];
  const values = formatValues(created.arnFormat, arn, names.length);
  if (!values || values.some((v) => /[*?$]/.test(v))) return undefined;
  let i = 0;
  return `${template.replace(VARIABLE, () => values[i++]!)}*`;
}

const VARIABLE = /\$\{[^}]+\}/g;
const NORMALIZE = /[^a-z0-9]/g;

/**
 * The resource type an action creates: `Create<Type>` or `Put<Type>` of one of its own resource
 * types (CreateTable on `table`, PutObject on `object`), the name IAM's reference gives both.
 */
function createdType(action: ActionInfo): ActionResourceType | undefined {
  if (action.wildcardOnly) return undefined;
  const known = createdTypes.get(action);
  if (known !== undefined) return known ?? undefined;
  const noun = /^(?:Create|Put)(.+)$/.exec(action.name)?.[1]?.toLowerCase().replace(NORMALIZE, "");
  const type = noun
    ? action.resourceTypes.find((t) => t.name.toLowerCase().replace(NORMALIZE, "") === noun)
    : undefined;
  createdTypes.set(action, type ?? null);
  return type;
}

const createdTypes = new WeakMap<ActionInfo, ActionResourceType | null>();

/**
 * The part of a created type's ARN format that stays from one call to the next, up to where the
 * new name begins: past its parent resource's format when the service has one it extends
 * (`…:${BucketName}/` for an object, `…:log-group:${LogGroupName}:log-stream:` for a stream),
 * else up to its first variable after the partition, region and account (`…:table/`).
 */
function containerTemplate(catalog: Catalog, service: string, format: string): string {
  let parent = "";
  for (const type of catalog.service(service)?.resourceTypes.values() ?? []) {
    const arn = type.arn;
    if (arn.length > parent.length && arn.length < format.length && format.startsWith(arn)) {
      // A whole resource's format, followed by a literal, not the start of a longer variable.
      if (format[arn.length] !== "$" && arn.endsWith("}")) parent = arn;
    }
  }
  const rest = format.slice(parent.length);
  const fixed = parent ? [] : ["Partition", "Region", "Account"];
  let at = rest.length;
  for (const match of rest.matchAll(VARIABLE)) {
    if (fixed.includes(match[0].slice(2, -1))) continue;
    at = match.index;
    break;
  }
  return parent + rest.slice(0, at);
}
