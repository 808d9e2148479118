/**
 * Error answers that show a permission beside the call's own was checked and held: S3 answers a
 * read of a key that does not exist with 404 only to a caller allowed s3:ListBucket on the bucket,
 * and with 403 Access Denied otherwise ("Permissions" of GetObject and HeadObject). A workload that
 * reads keys which may not exist yet, and handles NoSuchKey, needs the listing although it never
 * lists. Keyed by eventSource, eventName and errorCode; the need is on the call's own resources
 * (the bucket), inferred, so it is kept only where granted today: a bucket policy may grant it.
 */
export const ERROR_ANSWER_NEEDS: readonly {
  eventSource: string;
  events: readonly string[];
  errorCodes: readonly string[];
  action: string;
  why: string;
  source: string;
}[] = [
  {
    eventSource: "s3.amazonaws.com",
    events: ["GetObject", "HeadObject"],
    // NoSuchKey is S3's code for the 404; a HEAD's answer has no body to carry it, read as NotFound.
    errorCodes: ["NoSuchKey", "NotFound"],
    action: "s3:ListBucket",
    why: "S3 answers a read of a missing key with 404 only when s3:ListBucket is allowed, else 403",
    source: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html",
  },
];
