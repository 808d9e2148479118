/** CloudTrail activity: the engine's public surface (pure; sources live in core/node and core/aws). */
export { ActivityAggregator, type AggregateOptions, isDenied } from "./aggregate.js";
export {
  type Attribution,
  attribute,
  isAccountPrincipal,
  type Principal,
  type PrincipalKind,
} from "./attribution.js";
export { coverageGap, coversAccount, type SourceCoverage } from "./coverage.js";
export { itemsFromDocument, itemsFromLine, itemsFromLines, itemsFromText } from "./documents.js";
export { ActivityKnowledgeError, ActivitySourceError, NoActivityError } from "./errors.js";
export { EventSelectorsError, parseEventSelectors } from "./event-selectors.js";
export { createEventMapper, type EventMapper, type EventMapping } from "./mapping.js";
export { type ActionObservability, createObservability, type Observability } from "./observability.js";
export { toCloudTrailEvent } from "./record.js";
export {
  dataEventType,
  defaultLogging,
  type LoggedDataEvent,
  MANAGEMENT_ONLY,
  type TrailLogging,
} from "./trail-logging.js";
export type {
  ActivityItem,
  ActivitySource,
  ActivitySummary,
  ActivityWindow,
  CloudTrailEvent,
  CloudTrailResource,
  CloudTrailUserIdentity,
  SourceExtent,
  SourceWarning,
} from "./types.js";
export type {
  AccessKeyUsage,
  ActionUsage,
  ActivityAggregate,
  IgnoredEvents,
  PrincipalUsage,
  SessionPolicyUse,
  UnmappedEvents,
} from "./usage.js";
