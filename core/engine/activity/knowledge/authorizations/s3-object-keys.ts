import type { Need, ParameterRule } from "./types.js";

export const SSE_KMS = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html";
const PUT_OBJECT = "https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html";

/**
 * S3 encrypts and decrypts an SSE-KMS or DSSE-KMS object's data key with KMS under the caller's
 * identity, so the caller needs the KMS action on the object's key: kms:Decrypt to read it,
 * kms:GenerateDataKey to write it, both for a multipart upload, whose parts S3 decrypts to
 * assemble them. Whether S3 used KMS is up to the object or the bucket's default encryption, not
 * the request: the record of a read does not name the key, nor does a write's request without the
 * key header. Inferred on an unnamed key: kept only where granted today, as granted today.
 */
const KMS_READ: Need = { action: "kms:Decrypt", resource: "unnamed", inferred: true };
const KMS_WRITE: Need = { action: "kms:GenerateDataKey", resource: "unnamed", inferred: true };

/** The object calls that encrypt or decrypt the object's data (a copy reads its source and writes its target). */
const KMS_USE: Readonly<Record<string, readonly Need[]>> = {
  GetObject: [KMS_READ],
  SelectObjectContent: [KMS_READ],
  PutObject: [KMS_WRITE],
  CreateMultipartUpload: [KMS_WRITE, KMS_READ],
  UploadPart: [KMS_WRITE, KMS_READ],
  CompleteMultipartUpload: [KMS_WRITE, KMS_READ],
  CopyObject: [KMS_READ, KMS_WRITE],
  UploadPartCopy: [KMS_READ, KMS_WRITE],
};
export const kmsUse = (event: string): readonly Need[] => KMS_USE[event] ?? [];

/**
 * S3 writes the encryption it applied to an object it wrote in the record: `SSEApplied` (SSE_S3,
 * SSE_KMS, SSE_C, or Default_SSE_S3 and Default_SSE_KMS when the bucket's default chose it), and
 * the response's `x-amz-server-side-encryption` header (AES256, aws:kms, aws:kms:dsse). One with
 * S3's own keys or the caller's uses no KMS key. For a copy it is the new object's: the source's
 * key may still be read.
 */
export const withoutKms = (drop: string[]): ParameterRule[] => [
  {
    recorded: { field: "additionalEventData", key: "SSEApplied" },
    matches: /^(Default_)?SSE_(S3|C)$/i,
    drop,
    why: "an object encrypted with S3's own keys or the caller's uses no KMS key",
    source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-encryption-tracking.html",
  },
  {
    recorded: { field: "responseElements", key: "x-amz-server-side-encryption" },
    matches: /^AES256$/i,
    drop,
    why: "an object encrypted with S3's own keys uses no KMS key",
    source: PUT_OBJECT,
  },
];
