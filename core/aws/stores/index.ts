export { BaseReportStore, MANIFEST, runPrefix, WORK_PREFIX, workKey } from "./base-report-store.js";
export { type BatchRetryOptions, batchPutAll } from "./batch-write.js";
export * from "./change-types.js";
export { DynamoChangeStore } from "./dynamo-change-store.js";
export { DynamoFindingStore, type DynamoFindingStoreOptions } from "./dynamo-finding-store.js";
export * from "./errors.js";
export { S3ReportStore, type S3ReportStoreOptions } from "./s3-report-store.js";
export { GSI_BY_STATUS } from "./table-keys.js";
export * from "./types.js";
