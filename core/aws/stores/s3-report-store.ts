import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { BaseReportStore } from "./base-report-store.js";
import { isNotFound, storeError } from "./errors.js";
import type { ReportRenderers } from "./types.js";

export interface S3ReportStoreOptions {
  s3: S3Client;
  bucket: string;
  /** With a key id, objects are encrypted with aws:kms under it; without, with S3-managed AES256. */
  kmsKeyId?: string;
  renderers?: ReportRenderers;
  /** Lifetime of presigned URLs, in seconds: short, since a report maps an account's weak points. */
  urlExpiresIn?: number;
}

/** Reports in the deployment's own bucket, always encrypted at rest and shared only by presigned URL. */
export class S3ReportStore extends BaseReportStore {
  private readonly s3: S3Client;
  private readonly bucket: string;
  private readonly kmsKeyId: string | undefined;

  constructor(options: S3ReportStoreOptions) {
    super(options.renderers ?? {}, options.urlExpiresIn ?? 300);
    this.s3 = options.s3;
    this.bucket = options.bucket;
    this.kmsKeyId = options.kmsKeyId;
  }

  protected override async _putObject(key: string, body: string, contentType: string): Promise<void> {
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          ...(this.kmsKeyId
            ? { ServerSideEncryption: "aws:kms", SSEKMSKeyId: this.kmsKeyId }
            : { ServerSideEncryption: "AES256" }),
        }),
      );
    } catch (error) {
      throw storeError(`s3:PutObject ${key}`, error);
    }
  }

  protected override async _getObject(key: string): Promise<string | undefined> {
    try {
      const output = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return await output.Body?.transformToString("utf8");
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw storeError(`s3:GetObject ${key}`, error);
    }
  }

  protected override _presign(key: string): Promise<string> {
    return getSignedUrl(this.s3, new GetObjectCommand({ Bucket: this.bucket, Key: key }), {
      expiresIn: this.urlExpiresIn,
    });
  }
}
