/**
 * Tags given to a resource as it is created are authorized, in many services, as the service's
 * tagging action too, and no tagging event is recorded: the creating call is the only trace.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_tags.html#access_tags_control-tag-keys
 * The authorization tables say so exactly for the services they hold (taggedOnCreate); for every
 * other service this general rule is the fallback: a creating call whose request carries tags
 * keeps the service's tag-adding actions. It may keep a tagging action a service does not check
 * (never beyond today's grants, as every kept action is intersected with them), where leaving it
 * out would break the workload's next tagged creation.
 */

/** A call creates something when its name begins so (`CreateDBInstance`, `RunTask`, `RequestCertificate`). */
export const CREATING_PREFIXES: readonly string[] = [
  "Allocate",
  "Clone",
  "Copy",
  "Create",
  "Import",
  "Launch",
  "Provision",
  "Purchase",
  "Put",
  "Register",
  "Request",
  "Restore",
  "Run",
  "Start",
  "Submit",
];

/**
 * The catalog access levels of a creating call. Not only Write: creating an access-controlling
 * resource (a resource share, an organization policy) is "Permissions management", and takes tags
 * all the same. List and Read calls create nothing.
 */
export const CREATING_ACCESS_LEVELS: readonly string[] = ["Write", "Permissions management", "Tagging"];

/**
 * requestParameters keys (lower case: CloudTrail writes `tags`, `Tags`, `tagSpecificationSet` as
 * each service spells them) whose non-empty value is tags for what the call creates. EC2's
 * Query-API calls are recorded as the request's XML turned into JSON, one list member per key:
 * `CreateLaunchTemplateRequest: {TagSpecification: {ResourceType, tag: 1, Tag: {Key, Value}}}`,
 * a list of them when there are several; a key may carry the member number the query string
 * gives it (`TagSpecification.1`, `Tag.2`), and is read without it.
 */
export const TAG_PARAMETERS: readonly string[] = [
  "tags",
  "taglist",
  "tagslist",
  "tagset",
  "tagspecification",
  "tagspecifications",
  "tagspecificationset",
  "resourcetags",
  "tag",
];

/**
 * Which Tagging-level actions add tags: the catalog's access level says an action is about tags,
 * and every such action adds or changes them (TagResource, AddTagsToResource, EC2's CreateTags,
 * S3's Put*Tagging, Route 53's ChangeTagsForResource, Inspector's SetTagsForResource, Elastic
 * Beanstalk's UpdateTagsForResource) except those that remove tags (Untag*, Remove*, Delete*), list
 * them (two services file ListTagsForResource under Tagging) or copy them to replicas (S3's
 * ReplicateTags, a replication role's). Their names tell them apart.
 */
export const NOT_TAG_ADDING = /^(?:Untag|Remove|Delete|List|Get|Describe|Replicate)/i;

/**
 * A Tagging-level action whose name does not speak of tags was filed there because it takes tags
 * as it creates something (kinesis:CreateChannel is "Tagging, Write"): a creating call, not a
 * tagging one.
 */
export const TAGS_IN_NAME = /Tag/;
