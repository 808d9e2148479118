import { API_OPERATIONS_A_L } from "./api-operations-a-l.js";
import { API_OPERATIONS_M_Z } from "./api-operations-m-z.js";

/**
 * API operations by IAM service prefix: every SDK method `Service.Operation` of iann0036/iam-dataset's
 * map (as vendored by iann0036/iamlive on 2022-08-19, `iamlivecore/map.json`, copied in
 * test/data/iam-dataset/map-2022-08-19.json.gz), filed under the prefix of the first IAM
 * action it needs. CloudTrail names an API event after its operation, so these are the event names
 * a service's management events can carry. Copyright (c) Ian Mckay, MIT licence. Space-separated
 * per prefix, kept in two files by prefix; a sync test rebuilds it from the file.
 */
export const API_OPERATIONS: Readonly<Record<string, string>> = {
  ...API_OPERATIONS_A_L,
  ...API_OPERATIONS_M_Z,
};
