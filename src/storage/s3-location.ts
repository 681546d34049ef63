export interface S3Settings {
  bucket: string;
  region: string;
  /** Unset for AWS itself; the service's URL for MinIO, R2, B2, Wasabi and the like. */
  endpoint: string | undefined;
  /** Unset: the AWS SDK's own chain (environment, instance role, ~/.aws). */
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
  /** `https://endpoint/bucket/key` rather than `https://bucket.endpoint/key` (MinIO, s3rver). */
  forcePathStyle: boolean;
}

/** How a bucket is named in messages and reports (without loading the S3 client). */
export function s3Location(settings: S3Settings): string {
  return `s3://${settings.bucket}${settings.endpoint ? ` at ${settings.endpoint}` : ` (${settings.region})`}`;
}
