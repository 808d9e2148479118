import { duplicateKeyWarnings } from "./document-duplicates.js";
import { formatPath, SnapshotInputError } from "./errors.js";
import { readGaadPageFast } from "./gaad-fast.js";
import { type GaadPage, gaadSchemas } from "./gaad-schema.js";
import type { Group, InlinePolicy, ManagedPolicy, Role, Tag, User } from "./model.js";

/** What GetAccountAuthorizationDetails tells about an account, in the snapshot's terms. */
export interface AuthorizationDetails {
  users: User[];
  groups: Group[];
  roles: Role[];
  managedPolicies: Record<string, ManagedPolicy>;
  warnings: string[];
}

const strictSchema = gaadSchemas(true);
const lenientSchema = gaadSchemas(false);

/**
 * Reads one or more GetAccountAuthorizationDetails pages (CLI JSON or SDK v3 outputs) into the
 * model, decoding every document. Unknown fields become warnings; anything that prevents reading a
 * principal or a policy (a missing name, a document that is not JSON) is a SnapshotInputError
 * naming the file and the JSON path.
 */
export function readAuthorizationDetails(pages: readonly unknown[], file?: string): AuthorizationDetails {
  const out: AuthorizationDetails = { users: [], groups: [], roles: [], managedPolicies: {}, warnings: [] };
  const seen = new Map<string, object>();
  let lastPageRead = false;
  pages.forEach((raw, index) => {
    const prefix = pages.length > 1 ? `page ${index + 1}: ` : "";
    const page = validatePage(raw, file, prefix, out.warnings);
    out.warnings.push(...duplicateKeyWarnings(raw, prefix));
    if (page.IsTruncated !== true && !page.NextToken) lastPageRead = true;
    const keep = <T extends { arn: string }>(item: T, list: T[]) => {
      const first = seen.get(item.arn);
      if (first === undefined) {
        list.push(item);
        seen.set(item.arn, item);
        return;
      }
      // Overlapping pages of one read repeat an entry as it was; two reads joined may not, and
      // which one IAM holds now is not known: the first, kept, could lack a grant made since.
      if (!sameDescription(first, item))
        throw new SnapshotInputError(
          `${prefix}${item.arn} is described twice, differently (outputs of different times joined, or the account changed between pages): which one IAM holds now is not known; read the account again`,
          { file },
        );
      out.warnings.push(`${prefix}${item.arn} appears more than once; kept the first`);
    };
    for (const u of page.UserDetailList ?? []) keep(toUser(u), out.users);
    for (const g of page.GroupDetailList ?? []) keep(toGroup(g), out.groups);
    for (const r of page.RoleDetailList ?? []) keep(toRole(r), out.roles);
    const policies: ManagedPolicy[] = [];
    for (const p of page.Policies ?? []) {
      const policy = toManagedPolicy(p);
      const disagreement = defaultDisagreement(p);
      if (disagreement) out.warnings.push(`${prefix}${p.Arn} ${disagreement}`);
      if (policy) keep(policy, policies);
      else out.warnings.push(`${prefix}${p.Arn} has no default version document; its grants are unknown`);
    }
    for (const p of policies) out.managedPolicies[p.arn] = p;
  });
  // The last page alone says no more follows (in whatever order pages were saved): without it,
  // the principals and policies on the pages not saved would be left out with no word said.
  if (pages.length > 0 && !lastPageRead) out.warnings.push(MISSING_PAGES);
  dropUnreferencedAwsPolicies(out);
  out.warnings.push(...danglingReferences(out));
  return out;
}

/** Whether two entries read from the input say the same, whatever the order of their documents' keys. */
function sameDescription(a: object, b: object): boolean {
  const sorted = (_key: string, value: unknown) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : value;
  try {
    return JSON.stringify(a, sorted) === JSON.stringify(b, sorted);
  } catch (error) {
    // Nested past the call stack: not shown the same.
    if (error instanceof RangeError) return false;
    throw error;
  }
}

const MISSING_PAGES =
  "every GetAccountAuthorizationDetails page in the input says more follows (IsTruncated, or the AWS CLI's NextToken), so at least its last page is missing: the users, groups, roles and policies on the missing pages are not audited (save the whole output: the AWS CLI follows every page unless given --no-paginate or --max-items)";

/**
 * An account sees every AWS managed policy (over a thousand); those attached to nothing grant
 * nothing here and would only bloat the snapshot. Customer managed policies are all kept.
 */
function dropUnreferencedAwsPolicies(details: AuthorizationDetails): void {
  const principals = [...details.users, ...details.groups, ...details.roles];
  const referenced = new Set(principals.flatMap((p) => p.attachedPolicyArns));
  for (const p of [...details.users, ...details.roles]) {
    if (p.permissionsBoundaryArn) referenced.add(p.permissionsBoundaryArn);
  }
  for (const [arn, policy] of Object.entries(details.managedPolicies)) {
    if (policy.isAwsManaged && !referenced.has(arn)) delete details.managedPolicies[arn];
  }
}

function validatePage(raw: unknown, file: string | undefined, prefix: string, warnings: string[]): GaadPage {
  const fast = readGaadPageFast(raw);
  if (fast) return fast;
  const strict = strictSchema.safeParse(raw);
  if (strict.success) return strict.data;
  const [unknownKeys, problems] = partition(strict.error.issues, (i) => i.code === "unrecognized_keys");
  // Unknown fields alone are tolerated; the lenient schema may still find what they hid.
  const lenient = problems.length === 0 ? lenientSchema.safeParse(raw) : undefined;
  if (lenient && !lenient.success) problems.push(...lenient.error.issues);
  if (problems.length > 0) {
    const first = problems[0]!;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : "";
    throw new SnapshotInputError(`${prefix}${first.message}${more}`, { file, path: formatPath(first.path) });
  }
  for (const issue of unknownKeys) {
    const keys = "keys" in issue ? (issue.keys as string[]).join(", ") : "";
    warnings.push(`${prefix}unknown field(s) ${keys} at ${formatPath(issue.path)} were ignored`);
  }
  return lenient!.data!;
}

function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((i) => !test(i))];
}

type RawUser = NonNullable<GaadPage["UserDetailList"]>[number];
type RawGroup = NonNullable<GaadPage["GroupDetailList"]>[number];
type RawRole = NonNullable<GaadPage["RoleDetailList"]>[number];
type RawPolicy = NonNullable<GaadPage["Policies"]>[number];
type RawInline = { PolicyName: string; PolicyDocument: unknown }[] | null | undefined;
type RawTags = { Key: string; Value: string }[] | null | undefined;

const inlinePolicies = (list: RawInline): InlinePolicy[] =>
  (list ?? []).map((p) => ({ name: p.PolicyName, document: p.PolicyDocument }));
const tags = (list: RawTags): Tag[] => (list ?? []).map((t) => ({ key: t.Key, value: t.Value }));
/** GetAccountAuthorizationDetails lists Tags, empty when there are none; an input without the field says nothing of them. */
const tagsKnown = (list: RawTags) =>
  list === undefined || list === null ? { tagsUnknown: true as const } : {};
const attachedArns = (list: { PolicyArn: string }[] | null | undefined): string[] =>
  (list ?? []).map((p) => p.PolicyArn);
/** The CLI prints absent values as null in some outputs; the model leaves them out. */
const optional = <K extends string, V>(key: K, value: V | null | undefined) =>
  (value === undefined || value === null ? {} : { [key]: value }) as Partial<Record<K, V>>;

function toUser(u: RawUser): User {
  return {
    arn: u.Arn,
    id: u.UserId,
    path: u.Path,
    name: u.UserName,
    createDate: u.CreateDate,
    attachedPolicyArns: attachedArns(u.AttachedManagedPolicies),
    inlinePolicies: inlinePolicies(u.UserPolicyList),
    tags: tags(u.Tags),
    ...tagsKnown(u.Tags),
    groups: u.GroupList ?? [],
    ...optional("permissionsBoundaryArn", u.PermissionsBoundary?.PermissionsBoundaryArn),
  };
}

function toGroup(g: RawGroup): Group {
  return {
    arn: g.Arn,
    id: g.GroupId,
    path: g.Path,
    name: g.GroupName,
    createDate: g.CreateDate,
    attachedPolicyArns: attachedArns(g.AttachedManagedPolicies),
    inlinePolicies: inlinePolicies(g.GroupPolicyList),
  };
}

function toRole(r: RawRole): Role {
  const lastUsed = r.RoleLastUsed;
  return {
    arn: r.Arn,
    id: r.RoleId,
    path: r.Path,
    name: r.RoleName,
    createDate: r.CreateDate,
    attachedPolicyArns: attachedArns(r.AttachedManagedPolicies),
    inlinePolicies: inlinePolicies(r.RolePolicyList),
    tags: tags(r.Tags),
    ...tagsKnown(r.Tags),
    ...optional("permissionsBoundaryArn", r.PermissionsBoundary?.PermissionsBoundaryArn),
    trustPolicy: r.AssumeRolePolicyDocument ?? undefined,
    // An empty RoleLastUsed is AWS saying "not used in the tracking period"; no field at all is no data.
    ...(lastUsed
      ? {
          roleLastUsed: {
            ...optional("date", lastUsed.LastUsedDate),
            ...optional("region", lastUsed.Region),
          },
        }
      : {}),
    instanceProfiles: (r.InstanceProfileList ?? []).map((p) => ({
      name: p.InstanceProfileName,
      arn: p.Arn,
      id: p.InstanceProfileId,
    })),
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
    serviceLinked: r.Path.startsWith("/aws-service-role/"),
  };
}

function toManagedPolicy(p: RawPolicy): ManagedPolicy | undefined {
  const version =
    p.PolicyVersionList.find((v) => v.IsDefaultVersion) ??
    p.PolicyVersionList.find((v) => v.VersionId === p.DefaultVersionId);
  if (!version || version.Document === undefined || version.Document === null) return undefined;
  return {
    arn: p.Arn,
    name: p.PolicyName ?? p.Arn.slice(p.Arn.lastIndexOf("/") + 1),
    ...optional("id", p.PolicyId),
    ...optional("path", p.Path),
    isAwsManaged: isAwsManagedPolicyArn(p.Arn),
    defaultVersionId: version.VersionId,
    document: version.Document,
    versionCount: p.PolicyVersionList.length,
    ...optional("attachmentCount", p.AttachmentCount),
    ...optional("permissionsBoundaryUsageCount", p.PermissionsBoundaryUsageCount),
    ...optional("createDate", p.CreateDate),
    ...optional("updateDate", p.UpdateDate),
  };
}

/**
 * How the policy's DefaultVersionId and its versions' IsDefaultVersion flags disagree, if they do:
 * IAM keeps them in step, so an edited or merged file is the cause, and which document IAM enforces
 * (the one read, the flagged version first) is not known from the file.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ManagedPolicyDetail.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_PolicyVersion.html
 */
function defaultDisagreement(p: RawPolicy): string | undefined {
  const flagged = p.PolicyVersionList.filter((v) => v.IsDefaultVersion).map((v) => v.VersionId);
  if (flagged.length === 0 || (flagged.length === 1 && flagged[0] === p.DefaultVersionId)) return undefined;
  const read = flagged[0];
  return `names its default version twice, differently: DefaultVersionId ${p.DefaultVersionId ?? "(none)"}, IsDefaultVersion on ${flagged.join(", ")}; the audit reads ${read}, and which document IAM enforces is not known from the file, so check this policy by hand`;
}

/** AWS managed policies live in the reserved `aws` account: arn:aws:iam::aws:policy/... */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return /^arn:[^:]+:iam::aws:policy\//.test(arn);
}

/** References the input cannot resolve: the affected principals can only be audited in part. */
function danglingReferences(details: AuthorizationDetails): string[] {
  const warnings: string[] = [];
  const principals = [...details.users, ...details.groups, ...details.roles];
  const boundaries = [...details.users, ...details.roles].flatMap((p) =>
    p.permissionsBoundaryArn ? [p.permissionsBoundaryArn] : [],
  );
  const unread = (arns: string[]) => [...new Set(arns)].filter((arn) => !details.managedPolicies[arn]).sort();
  const missing = unread(principals.flatMap((p) => p.attachedPolicyArns));
  if (missing.length > 0) {
    warnings.push(
      `${missing.length} attached managed policies have no document in the input, so the permissions they grant are unknown: ${missing.join(", ")}`,
    );
  }
  // A boundary unread is no boundary absent: the engine reads what it lets through as conditional.
  const missingBoundaries = unread(boundaries);
  if (missingBoundaries.length > 0) {
    warnings.push(
      `${missingBoundaries.length} permissions boundaries have no document in the input, so what they hold back is unknown and the permissions of the users and roles they bound are known only in part (conditional, no recommendation): ${missingBoundaries.join(", ")}`,
    );
  }
  const groupNames = new Set(details.groups.map((g) => g.name));
  for (const user of details.users) {
    for (const name of user.groups) {
      if (!groupNames.has(name))
        warnings.push(`${user.arn} belongs to group ${name}, which the input does not describe`);
    }
  }
  return warnings;
}
