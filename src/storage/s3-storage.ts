import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import { s3Location, type S3Settings } from './s3-location.js';

export type { S3Settings } from './s3-location.js';
import {
  assertObjectKey,
  ChecksumMismatchError,
  HashingStream,
  sha256Hex,
  STORAGE_UNAVAILABLE,
  type ByteRange,
  type ObjectBody,
  type ObjectInfo,
  type ObjectStorage,
  type OpenedObject,
  type PutOptions,
  type StoredObject,
} from './object-storage.js';

/**
 * Parts of a streamed upload (S3's minimum is 5 MiB). A streamed upload holds at most
 * UPLOAD_QUEUE parts in memory, whatever the size of the file.
 */
const UPLOAD_PART_BYTES = 8 * 1024 * 1024;
const UPLOAD_QUEUE = 2;
/** The user metadata that carries an object's SHA-256 (sent as `x-amz-meta-sha256`). */
const SHA256_METADATA = 'sha256';

const NETWORK_FAILURES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'EPIPE', 'TimeoutError']);

interface SdkError {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

function statusOf(err: unknown): number | undefined {
  return (err as SdkError).$metadata?.httpStatusCode;
}

function isNotFound(err: unknown): boolean {
  const name = (err as SdkError).name;
  return name === 'NoSuchKey' || name === 'NotFound' || (statusOf(err) === 404 && name !== 'NoSuchBucket');
}

/**
 * What an S3 failure means to Dove: refused (403: credentials or policy), or unreachable and
 * failing for now (network, 5xx, a missing bucket). The code is what `classifyStorageError` reads.
 */
function storageError(err: unknown, action: string, key: string, bucket: string): Error {
  const e = err as SdkError & Error;
  const status = statusOf(err);
  const code =
    status === 403 || e.name === 'AccessDenied' || e.name === 'InvalidAccessKeyId' || e.name === 'SignatureDoesNotMatch'
      ? 'EACCES'
      : status === undefined || status >= 500 || e.name === 'NoSuchBucket' || NETWORK_FAILURES.has(e.code ?? e.name ?? '')
        ? STORAGE_UNAVAILABLE
        : undefined;
  const detail = e.name === 'NoSuchBucket' ? `the bucket ${bucket} does not exist` : `${e.name ?? 'error'}${status ? ` (HTTP ${status})` : ''}: ${e.message}`;
  return Object.assign(new Error(`Object storage could not ${action} ${key}: ${detail}`, { cause: err }), code ? { code } : {});
}

/** Objects in one S3-compatible bucket, under the same keys as on disk. */
export class S3ObjectStorage implements ObjectStorage {
  readonly kind = 's3' as const;
  readonly location: string;
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(settings: S3Settings) {
    this.bucket = settings.bucket;
    this.location = s3Location(settings);
    const config: S3ClientConfig = {
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      ...(settings.accessKeyId && settings.secretAccessKey
        ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
        : {}),
      // Other services than AWS (MinIO, R2, B2, s3rver) may refuse the SDK's default checksums
      // (CRC32 trailers in aws-chunked bodies): send them only where an operation requires one.
      // Dove checks every object's SHA-256 itself (storage copy, backups, content addresses).
      ...(settings.endpoint ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } : {}),
    };
    this.client = new S3Client(config);
  }

  async put(key: string, body: ObjectBody, options: PutOptions = {}): Promise<StoredObject> {
    assertObjectKey(key);
    if (Buffer.isBuffer(body)) return this.putBuffer(key, body, options);
    const hashing = new HashingStream();
    body.once('error', (err) => hashing.destroy(err));
    await this.upload(key, body.pipe(hashing), options.contentType, options.sha256);
    const stored = { size: hashing.bytes, sha256: hashing.digest() };
    if (options.sha256 && options.sha256 !== stored.sha256) {
      // The bytes that arrived are not the ones announced: they must not stay under the key.
      await this.delete(key);
      throw new ChecksumMismatchError(key, options.sha256, stored.sha256);
    }
    return stored;
  }

  private async putBuffer(key: string, body: Buffer, options: PutOptions): Promise<StoredObject> {
    const sha256 = sha256Hex(body);
    if (options.sha256 && options.sha256 !== sha256) throw new ChecksumMismatchError(key, options.sha256, sha256);
    await this.upload(key, body, options.contentType, sha256);
    return { size: body.length, sha256 };
  }

  /** lib-storage: one PUT for a small body, a multipart upload (parts in parallel) for a large one. */
  private async upload(key: string, body: Buffer | Readable, contentType: string | undefined, sha256: string | undefined): Promise<void> {
    const upload = new Upload({
      client: this.client,
      partSize: UPLOAD_PART_BYTES,
      queueSize: UPLOAD_QUEUE,
      params: {
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: contentType ?? 'application/octet-stream',
        ...(sha256 ? { Metadata: { [SHA256_METADATA]: sha256 } } : {}),
      },
    });
    try {
      await upload.done();
    } catch (err) {
      throw storageError(err, 'store', key, this.bucket);
    }
  }

  async get(key: string): Promise<Buffer | undefined> {
    const opened = await this.createReadStream(key);
    if (!opened) return undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of opened.body as AsyncIterable<Buffer>) chunks.push(chunk);
    return Buffer.concat(chunks);
  }

  async createReadStream(key: string, range?: ByteRange): Promise<OpenedObject | undefined> {
    assertObjectKey(key);
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }),
      );
      const size = range ? Number(/\/(\d+)$/.exec(out.ContentRange ?? '')?.[1] ?? NaN) : (out.ContentLength ?? NaN);
      if (!(out.Body instanceof Readable) || !Number.isFinite(size)) throw new Error('the answer has no body or size');
      return { body: out.Body, size, ...(out.ContentType ? { contentType: out.ContentType } : {}) };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw storageError(err, 'read', key, this.bucket);
    }
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    assertObjectKey(key);
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      const sha256 = out.Metadata?.[SHA256_METADATA];
      return {
        key,
        size: out.ContentLength ?? 0,
        ...(sha256 && /^[0-9a-f]{64}$/.test(sha256) ? { sha256 } : {}),
        ...(out.ContentType ? { contentType: out.ContentType } : {}),
      };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw storageError(err, 'look up', key, this.bucket);
    }
  }

  async delete(key: string): Promise<void> {
    assertObjectKey(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (err) {
      if (isNotFound(err)) return;
      throw storageError(err, 'delete', key, this.bucket);
    }
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      } catch (err) {
        throw storageError(err, 'list', `${prefix}*`, this.bucket);
      }
      for (const item of page.Contents ?? []) if (item.Key) yield { key: item.Key, size: item.Size ?? 0 };
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
