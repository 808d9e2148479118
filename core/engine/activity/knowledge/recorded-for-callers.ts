/**
 * Services that record, as their own management events under the caller's identity, the calls
 * another service makes to them on a caller's behalf: an action of theirs that another call is
 * authorized as (kms:GenerateDataKey for an S3 upload encrypted with a KMS key) is seen in their
 * own events, whatever the other call's side or source.
 */
export const RECORDED_FOR_CALLERS: readonly { service: string; source: string }[] = [
  {
    service: "kms",
    source:
      "https://docs.aws.amazon.com/kms/latest/developerguide/logging-using-cloudtrail.html (calls AWS services make on your behalf are logged)",
  },
];
