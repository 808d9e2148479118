import { decodePolicyDocument } from "../policy/decode.js";
import { toIsoDate } from "./dates.js";
import type { GaadPage } from "./gaad-schema.js";

/**
 * The strict GetAccountAuthorizationDetails schema of gaad-schema.ts, hand-written for the common
 * case: a page it accepts as is, read in one pass (the schema library costs seconds on a large
 * account). At the first thing the strict schema would not accept — an unknown field, a wrong type,
 * an unreadable date or document — it gives up and returns undefined, and the schemas read the page
 * and word its warnings and errors. Keep the two in step: a test compares them on real and
 * generated pages.
 */
export function readGaadPageFast(raw: unknown): GaadPage | undefined {
  repeats = { documents: new Map(), dates: new Map() };
  try {
    return page(raw) as GaadPage;
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  } finally {
    repeats = undefined;
  }
}

/**
 * The page's values already read, by their text: an account repeats documents (policies copied
 * from AWS managed ones, one trust policy on many roles) and dates. A repeated document is decoded
 * once and shared, which every later step keyed on a document's text then finds at once; documents
 * are read-only once decoded.
 */
let repeats: { documents: Map<string, unknown>; dates: Map<string, string> } | undefined;

const GIVE_UP = Symbol("give up");
type Read = (value: unknown) => unknown;
type Shape = Record<string, Read>;

const fail = (): never => {
  throw GIVE_UP;
};
const string: Read = (v) => (typeof v === "string" ? v : fail());
const boolean: Read = (v) => (typeof v === "boolean" ? v : fail());
const count: Read = (v) => (typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : fail());
const date: Read = (v) => {
  if (typeof v !== "string") return v instanceof Date ? (toIsoDate(v) ?? fail()) : fail();
  let iso = repeats?.dates.get(v);
  if (iso === undefined) {
    iso = toIsoDate(v) ?? fail();
    repeats?.dates.set(v, iso);
  }
  return iso;
};
const unknown: Read = (v) => v;
const nullish =
  (read: Read): Read =>
  (v) =>
    v === null || v === undefined ? v : read(v);
const array =
  (read: Read): Read =>
  (v) => {
    if (!Array.isArray(v)) return fail();
    // Indexes, not map: a hole reads as undefined, as the schema reads it.
    const out: unknown[] = [];
    for (let i = 0; i < v.length; i++) out.push(read(v[i]));
    return out;
  };

function document(value: unknown): unknown {
  const known = typeof value === "string" ? repeats?.documents.get(value) : undefined;
  if (known !== undefined) return known;
  let decoded: unknown;
  try {
    decoded = decodePolicyDocument(value);
  } catch {
    return fail();
  }
  if (decoded === null || typeof decoded !== "object" || Array.isArray(decoded)) return fail();
  if (typeof value === "string") repeats?.documents.set(value, decoded);
  return decoded;
}

/** An object with only the shape's keys; an absent optional key stays absent, as the schema leaves it. */
function object(shape: Shape): Read {
  const keys = Object.keys(shape);
  return (v) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return fail();
    const input = v as Record<string, unknown>;
    for (const key in input) if (!Object.hasOwn(shape, key)) fail();
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const value = input[key];
      const read = shape[key]!(value);
      if (read !== undefined || key in input) out[key] = read;
    }
    return out;
  };
}

const tags = nullish(array(object({ Key: string, Value: string })));
const attached = nullish(array(object({ PolicyName: nullish(string), PolicyArn: string })));
const boundary = nullish(
  object({ PermissionsBoundaryType: nullish(string), PermissionsBoundaryArn: string }),
);
const inline = nullish(array(object({ PolicyName: string, PolicyDocument: document })));

const user = object({
  Path: string,
  UserName: string,
  UserId: string,
  Arn: string,
  CreateDate: date,
  UserPolicyList: inline,
  GroupList: nullish(array(string)),
  AttachedManagedPolicies: attached,
  PermissionsBoundary: boundary,
  Tags: tags,
});

const group = object({
  Path: string,
  GroupName: string,
  GroupId: string,
  Arn: string,
  CreateDate: date,
  GroupPolicyList: inline,
  AttachedManagedPolicies: attached,
});

const instanceProfile = object({
  Path: nullish(string),
  InstanceProfileName: string,
  InstanceProfileId: string,
  Arn: string,
  CreateDate: nullish(date),
  Roles: nullish(array(unknown)),
  Tags: tags,
});

const role = object({
  Path: string,
  RoleName: string,
  RoleId: string,
  Arn: string,
  CreateDate: date,
  AssumeRolePolicyDocument: nullish(document),
  InstanceProfileList: nullish(array(instanceProfile)),
  RolePolicyList: inline,
  AttachedManagedPolicies: attached,
  PermissionsBoundary: boundary,
  Tags: tags,
  RoleLastUsed: nullish(object({ LastUsedDate: nullish(date), Region: nullish(string) })),
});

const policyVersion = object({
  Document: nullish(document),
  VersionId: string,
  IsDefaultVersion: boolean,
  CreateDate: nullish(date),
});

const policy = object({
  PolicyName: nullish(string),
  PolicyId: nullish(string),
  Arn: string,
  Path: nullish(string),
  DefaultVersionId: string,
  AttachmentCount: nullish(count),
  PermissionsBoundaryUsageCount: nullish(count),
  IsAttachable: nullish(boolean),
  Description: nullish(string),
  CreateDate: nullish(date),
  UpdateDate: nullish(date),
  PolicyVersionList: array(policyVersion),
});

const page = object({
  UserDetailList: nullish(array(user)),
  GroupDetailList: nullish(array(group)),
  RoleDetailList: nullish(array(role)),
  Policies: nullish(array(policy)),
  IsTruncated: nullish(boolean),
  Marker: nullish(string),
  NextToken: nullish(string),
});
