import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { StorageSettings } from '../../src/storage/index.js';

/*
 * A real S3 protocol server (s3rver, from npm) on loopback, for tests and benches that run Dove
 * with STORAGE=s3. It listens on 127.0.0.1 at a free port and keeps its objects in a temporary
 * folder of its own, removed on close. Several Dove servers (separate processes) may share one:
 * pass `env` to each of them.
 */

/** s3rver's fixed credentials: it checks request signatures against these. */
const S3RVER_KEY = 'S3RVER';

export interface S3TestServer {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  bucket: string;
  /** Where s3rver keeps the objects (one folder per bucket); removed by close(). */
  directory: string;
  /** The settings that point Dove at this server and bucket (STORAGE=s3 and the S3_* variables). */
  env: Record<string, string>;
  /** The same as storage settings, for code that builds an object storage directly. */
  settings: StorageSettings & { kind: 's3' };
  /** Stops the server (dropping any kept-alive connection) and removes its folder. */
  close(): Promise<void>;
}

export interface S3TestServerOptions {
  /** The bucket created before the server answers; `dove-test` by default. */
  bucket?: string;
}

export async function startS3Server(options: S3TestServerOptions = {}): Promise<S3TestServer> {
  const bucket = options.bucket ?? 'dove-test';
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  let address: AddressInfo;
  try {
    address = await server.run();
  } catch (err) {
    fs.rmSync(directory, { recursive: true, force: true });
    throw err;
  }
  const endpoint = `http://127.0.0.1:${address.port}`;
  return {
    endpoint,
    bucket,
    directory,
    env: {
      STORAGE: 's3',
      S3_BUCKET: bucket,
      S3_REGION: 'us-east-1',
      S3_ENDPOINT: endpoint,
      S3_ACCESS_KEY_ID: S3RVER_KEY,
      S3_SECRET_ACCESS_KEY: S3RVER_KEY,
      S3_FORCE_PATH_STYLE: 'true',
    },
    settings: {
      kind: 's3',
      bucket,
      region: 'us-east-1',
      endpoint,
      accessKeyId: S3RVER_KEY,
      secretAccessKey: S3RVER_KEY,
      forcePathStyle: true,
    },
    async close() {
      // Clients keep connections alive; close() alone would wait for them to time out.
      server.httpServer?.closeAllConnections();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
