import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import {
  BackupChangedError,
  BackupExistsError,
  BackupNotFoundError,
  type BackupStore,
  type ChangeRecord,
  type HeldAs,
  heldDescription,
  isHeldAs,
  parseChangeRecord,
} from "../engine/plans/change.js";
import { awsErrorName } from "./stores/errors.js";

/** Change records as `s3://bucket/prefix/<changeId>.json`; a versioned bucket keeps every write. */
export class S3BackupStore implements BackupStore {
  readonly description: string;
  private readonly bucket: string;
  private readonly prefix: string;

  /** `kmsKeyId`: encrypt with that KMS key (as the deployed reports bucket does), else SSE-S3. */
  constructor(
    private readonly s3: Pick<S3Client, "send">,
    url: string,
    private readonly kmsKeyId?: string,
  ) {
    const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
    if (!match) throw new BackupNotFoundError(`not an s3:// URL: ${url}`);
    this.bucket = match[1]!;
    this.prefix = match[2] ? `${match[2].replace(/\/$/, "")}/` : "";
    this.description = url;
  }

  /**
   * A conditional write (`If-None-Match: *`, which needs no permission beyond s3:PutObject): S3
   * answers 412 PreconditionFailed where the key exists, and 409 ConditionalRequestConflict while
   * another conditional write of it is under way; either way another apply holds that change id.
   */
  async create(record: ChangeRecord): Promise<void> {
    try {
      await this.put(record, { IfNoneMatch: "*" });
    } catch (error) {
      const name = awsErrorName(error);
      if (name === "PreconditionFailed" || name === "ConditionalRequestConflict")
        throw new BackupExistsError(`${this.url(record.changeId)} exists already`, { cause: error });
      throw error;
    }
  }

  /**
   * With `from`: written over the record read only while it is that one (`If-Match` its ETag,
   * answered 412 PreconditionFailed, or 409 ConditionalRequestConflict, where another wrote it since).
   * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html
   */
  async write(record: ChangeRecord, from?: HeldAs): Promise<void> {
    if (!from) return this.put(record, {});
    const { record: held, etag } = await this.get(record.changeId);
    if (!isHeldAs(held, from))
      throw new BackupChangedError(
        `${this.url(record.changeId)} is ${heldDescription(held)}, not as this run left it`,
        held.status,
      );
    // Without it the write would go out unconditional: S3 always answers one, a lookalike store may not.
    if (!etag)
      throw new BackupChangedError(
        `${this.url(record.changeId)} was read without an ETag, so it cannot be written only while it is as read: not written`,
        held.status,
      );
    try {
      await this.put(record, { IfMatch: etag });
    } catch (error) {
      const name = awsErrorName(error);
      if (name === "PreconditionFailed" || name === "ConditionalRequestConflict")
        throw new BackupChangedError(
          `${this.url(record.changeId)} was written by another meanwhile`,
          undefined,
          {
            cause: error,
          },
        );
      throw error;
    }
  }

  private async put(
    record: ChangeRecord,
    condition: { IfNoneMatch?: string; IfMatch?: string },
  ): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.key(record.changeId),
        Body: JSON.stringify(record, null, 2),
        ContentType: "application/json",
        ...condition,
        ...(this.kmsKeyId
          ? { ServerSideEncryption: "aws:kms", SSEKMSKeyId: this.kmsKeyId }
          : { ServerSideEncryption: "AES256" }),
      }),
    );
  }

  async read(changeId: string): Promise<ChangeRecord> {
    return (await this.get(changeId)).record;
  }

  private async get(changeId: string): Promise<{ record: ChangeRecord; etag: string | undefined }> {
    let text: string;
    let etag: string | undefined;
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(changeId) }));
      text = await out.Body!.transformToString();
      etag = out.ETag;
    } catch (error) {
      if (error instanceof NoSuchKey)
        throw new BackupNotFoundError(`no backup of change ${changeId} in ${this.description}`, {
          cause: error,
        });
      throw error;
    }
    return { record: parseChangeRecord(text, changeId, this.url(changeId)), etag };
  }

  async changesOf(planId: string): Promise<string[]> {
    const ids: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const out = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: this.key(`${planId}-`).slice(0, -".json".length),
          ContinuationToken,
        }),
      );
      for (const o of out.Contents ?? [])
        if (o.Key?.endsWith(".json")) ids.push(o.Key.slice(this.prefix.length, -".json".length));
      ContinuationToken = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (ContinuationToken);
    return ids;
  }

  /** Where a change's record is (or will be): `s3://bucket/prefix/<changeId>.json`. */
  url(changeId: string): string {
    return `s3://${this.bucket}/${this.key(changeId)}`;
  }

  private key(changeId: string): string {
    return `${this.prefix}${changeId}.json`;
  }
}
