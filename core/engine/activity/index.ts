/** CloudTrail activity: the engine's public surface (pure; sources live in core/node and core/aws). */
export { ActivityAggregator, type AggregateOptions, isDenied } from "./aggregate.js";
export {
  type Attribution,
  attribute,
  isAccountPrincipal,
  type Principal,
  type PrincipalKind,
} from "./attribution.js";
export { itemsFromDocument, itemsFromLine, itemsFromLines, itemsFromText } from "./documents.js";
export { ActivityKnowledgeError, ActivitySourceError } from "./errors.js";
export type { DataEventCategory } from "./knowledge/data-events.js";
export { createEventMapper, type EventMapper, type EventMapping } from "./mapping.js";
export { type ActionObservability, createObservability, type Observability } from "./observability.js";
export { toCloudTrailEvent } from "./record.js";
export type {
  ActivityItem,
  ActivitySource,
  ActivitySummary,
  ActivityWindow,
  CloudTrailEvent,
  CloudTrailResource,
  CloudTrailUserIdentity,
  SourceWarning,
} from "./types.js";
export type {
  AccessKeyUsage,
  ActionUsage,
  ActivityAggregate,
  IgnoredEvents,
  PrincipalUsage,
  UnmappedEvents,
} from "./usage.js";
