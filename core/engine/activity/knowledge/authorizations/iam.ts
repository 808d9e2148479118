import type { IamEntityType } from "../../role-directory.js";
import { type DeriveContext, type ServiceAuthorizations, str, taggedOnCreate } from "./types.js";

const API = "https://docs.aws.amazon.com/IAM/latest/APIReference";

/** A request parameter that names an IAM entity by its name alone: its ARN also holds its path. */
export interface EntityParameter {
  parameter: string;
  type: IamEntityType;
  /** The call that creates the entity, whose `path` parameter (default `/`) completes its ARN. */
  create: string;
  source: string;
}

/**
 * IAM ARNs carry the entity's path (`user/division/alice`), which a call naming `alice` does not
 * show. The ARN is derived only when the path is known: from the snapshot, or from the creating
 * call's own `path`. A pattern such as `user/*alice` would also match `user/malice`, so without
 * the path the call names no resource and the action keeps its current scope.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
 */
export const IAM_ENTITY_PARAMETERS: readonly EntityParameter[] = [
  { parameter: "userName", type: "user", create: "CreateUser", source: `${API}/API_CreateUser.html` },
  { parameter: "groupName", type: "group", create: "CreateGroup", source: `${API}/API_CreateGroup.html` },
  { parameter: "roleName", type: "role", create: "CreateRole", source: `${API}/API_CreateRole.html` },
  {
    parameter: "instanceProfileName",
    type: "instance-profile",
    create: "CreateInstanceProfile",
    source: `${API}/API_CreateInstanceProfile.html`,
  },
];

/**
 * Parameters that rename or move an entity: IAM then authorizes the call on the old and on the new
 * name and path, which the record does not give as ARNs. Such a call names no resource.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateUser.html
 */
export const RENAMING_PARAMETERS: readonly string[] = ["newUserName", "newGroupName", "newPath"];

/**
 * Calls that create an IAM resource and may tag it: IAM then also authorizes the resource's Tag
 * action. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html#id_tags_access
 */
const TAGGED_ON_CREATE: readonly [string, string][] = [
  ["CreateRole", "iam:TagRole"],
  ["CreateUser", "iam:TagUser"],
  ["CreatePolicy", "iam:TagPolicy"],
  ["CreateInstanceProfile", "iam:TagInstanceProfile"],
  ["CreateOpenIDConnectProvider", "iam:TagOpenIDConnectProvider"],
  ["CreateSAMLProvider", "iam:TagSAMLProvider"],
  ["CreateVirtualMFADevice", "iam:TagMFADevice"],
  ["UploadServerCertificate", "iam:TagServerCertificate"],
];
const TAGS = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html";

export const IAM_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "iam",
  events: TAGGED_ON_CREATE.map(([event, tag]) => ({
    event,
    rules: [taggedOnCreate(tag, TAGS)],
    why: "creates a resource it may tag",
    source: `${API}/API_${event}.html`,
  })),
  resources: (ctx) => {
    if (!ctx.account || RENAMING_PARAMETERS.some((p) => str(ctx.params[p]))) return { target: [] };
    const target: string[] = [];
    const policy = str(ctx.params.policyArn);
    // A managed policy's ARN is given whole; CreatePolicy names a new one by name and path.
    if (policy?.startsWith("arn:")) target.push(policy);
    const created = createdPolicy(ctx);
    if (created) target.push(created);
    for (const entry of IAM_ENTITY_PARAMETERS) {
      const name = str(ctx.params[entry.parameter]);
      const arn = name && entityArn(ctx, entry, name);
      if (arn) target.push(arn);
    }
    return { target };
  },
};

function entityArn(ctx: DeriveContext, entry: EntityParameter, name: string): string | undefined {
  const path = createPath(ctx, entry.create);
  if (path) return `arn:${ctx.partition}:iam::${ctx.account}:${entry.type}${path}${name}`;
  const known = ctx.directory?.entityArn(entry.type, name);
  // The snapshot is of one account: a name in another account's record is another entity.
  return known?.split(":")[4] === ctx.account ? known : undefined;
}

/** CreatePolicy's `policyName` and `path` (default `/`): https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html */
function createdPolicy(ctx: DeriveContext): string | undefined {
  const name = str(ctx.params.policyName);
  const path = createPath(ctx, "CreatePolicy");
  return name && path ? `arn:${ctx.partition}:iam::${ctx.account}:policy${path}${name}` : undefined;
}

/** The path a creating call gives its entity: its `path` parameter, else IAM's default `/`. */
function createPath(ctx: DeriveContext, create: string): string | undefined {
  if (ctx.event !== create) return undefined;
  const path = str(ctx.params.path) ?? "/";
  return path.startsWith("/") && path.endsWith("/") ? path : undefined;
}
