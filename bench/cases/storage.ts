import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { openDatabase } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { insertFile } from '../../src/features/media/files.repository.js';
import { fileKey } from '../../src/features/media/storage.js';
import { createObjectStorage, type StorageSettings } from '../../src/storage/index.js';
import { attachDocument } from '../../test/factories/media.js';
import { createPublication } from '../../test/factories/publications.js';
import { startS3Server } from '../../test/helpers/s3-server.js';
import type { BenchCase, BenchContext } from '../lib/case.js';
import { markdownTable } from '../lib/report.js';
import { startDoveServer } from '../lib/server.js';

/**
 * Memory of a large download: a 200 MB PDF served by the compiled server from its storage on
 * disk and from S3 (s3rver on loopback, in this process). The file is streamed, so the
 * server's resident memory must hardly grow while it is sent. `measureDownloadMemory` is
 * exported for other cases (a cluster on S3) to call with their own settings.
 */
export const STORAGE_TARGETS = { rssGrowthMb: 64 };
export const LARGE_DOWNLOAD_MB = 200;

const MIB = 1024 * 1024;
/** How often the server's RSS is read while the download runs. */
const SAMPLE_EVERY_MS = 25;

export interface DownloadMemory {
  backend: StorageSettings['kind'];
  sizeMb: number;
  baselineRssMb: number;
  peakRssMb: number;
  growthMb: number;
  seconds: number;
}

/** The same bytes twice (to hash, then to store), made from one random block and a counter, never held whole. */
function largeBody(sizeBytes: number, block: Buffer): () => Readable {
  return () =>
    Readable.from(
      (function* () {
        for (let offset = 0, n = 0; offset < sizeBytes; offset += block.length, n++) {
          const chunk = Buffer.from(block.subarray(0, Math.min(block.length, sizeBytes - offset)));
          chunk.writeUInt32BE(n, chunk.length >= 12 ? 8 : 0);
          yield offset === 0 ? Buffer.concat([Buffer.from('%PDF-1.7\n'), chunk.subarray(9)]) : chunk;
        }
      })(),
    );
}

async function hashOf(body: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of body as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

/** A site whose one published document is `sizeBytes` long, in `settings`' storage; returns the download path. */
async function prepareSite(dataDir: string, settings: StorageSettings, sizeBytes: number): Promise<string> {
  const body = largeBody(sizeBytes, randomBytes(MIB));
  const sha256 = await hashOf(body());
  const storage = createObjectStorage(settings);
  await storage.put(fileKey(sha256), body(), { sha256, contentType: 'application/pdf' });
  await storage.close();
  const db = openDatabase(path.join(dataDir, 'dove.sqlite'));
  try {
    await migrateToLatest(db);
    const publication = await createPublication(db, { slug: 'annual-report' });
    const fileId = await insertFile(db, { sha256, mime: 'application/pdf', size: sizeBytes, originalName: 'annual-report.pdf', width: null, height: null, createdAt: new Date().toISOString() });
    await attachDocument(db, publication.id, fileId);
  } finally {
    await db.destroy();
  }
  return `/files/${sha256}/annual-report.pdf`;
}

/** Downloads `url` to nowhere, sampling `rss()` meanwhile; resolves with the highest sample and the byte count. */
function downloadSampling(url: string, rss: () => number | undefined): Promise<{ peakRssMb: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    let peak = rss() ?? 0;
    const timer = setInterval(() => (peak = Math.max(peak, rss() ?? 0)), SAMPLE_EVERY_MS);
    http
      .get(url, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => {
          clearInterval(timer);
          if (res.statusCode !== 200) reject(new Error(`${url} answered ${res.statusCode}`));
          else resolve({ peakRssMb: Math.max(peak, rss() ?? 0), bytes });
        });
        res.on('error', reject);
      })
      .on('error', (err) => {
        clearInterval(timer);
        reject(err);
      });
  });
}

export async function measureDownloadMemory(backend: 'disk' | 's3', sizeMb = LARGE_DOWNLOAD_MB, env: Record<string, string> = {}): Promise<DownloadMemory> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `dove-bench-storage-${backend}-`));
  const s3 = backend === 's3' ? await startS3Server() : undefined;
  try {
    const settings: StorageSettings = s3 ? s3.settings : { kind: 'disk', root: dataDir };
    const downloadPath = await prepareSite(dataDir, settings, sizeMb * MIB);
    const server = await startDoveServer({ dataDir, env: { PAGE_CACHE: 'on', MAIL_WORKER: 'off', PDF_TEXT_WORKER: 'off', ...s3?.env, ...env } });
    try {
      // A small range first, so the baseline includes the route, the storage client and its first connection.
      await fetch(`${server.url}${downloadPath}`, { headers: { range: 'bytes=0-99' } }).then((r) => r.arrayBuffer());
      const baselineRssMb = server.memory()?.rssMb ?? NaN;
      const started = performance.now();
      const { peakRssMb, bytes } = await downloadSampling(`${server.url}${downloadPath}`, () => server.memory()?.rssMb);
      if (bytes !== sizeMb * MIB) throw new Error(`the download gave ${bytes} bytes, not ${sizeMb * MIB}`);
      const seconds = (performance.now() - started) / 1000;
      return { backend, sizeMb, baselineRssMb, peakRssMb, growthMb: peakRssMb - baselineRssMb, seconds: Math.round(seconds * 10) / 10 };
    } finally {
      await server.stop();
    }
  } finally {
    await s3?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export const storageCase: BenchCase = {
  name: 'storage',
  description: `server memory while a ${LARGE_DOWNLOAD_MB} MB document downloads from disk and from S3 (s3rver)`,
  async run(ctx: BenchContext) {
    const results: DownloadMemory[] = [];
    for (const backend of ['disk', 's3'] as const) {
      const result = await measureDownloadMemory(backend);
      ctx.log(`storage ${backend}: RSS ${result.baselineRssMb} → ${result.peakRssMb} MB during ${result.sizeMb} MB in ${result.seconds} s`);
      results.push(result);
    }
    const overTarget = results
      .filter((r) => r.growthMb > STORAGE_TARGETS.rssGrowthMb)
      .map((r) => `${r.backend}: RSS grew ${r.growthMb} MB during a ${r.sizeMb} MB download > ${STORAGE_TARGETS.rssGrowthMb} MB`);
    const table = markdownTable(
      ['storage', 'download', 'server RSS before', 'highest RSS during', 'growth', 'time', 'throughput'],
      results.map((r) => [r.backend, `${r.sizeMb} MB`, `${r.baselineRssMb} MB`, `${r.peakRssMb} MB`, `${r.growthMb} MB`, `${r.seconds} s`, `${Math.round(r.sizeMb / r.seconds)} MB/s`]),
      ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
    );
    const notes =
      `Target: the server's resident memory grows by at most ${STORAGE_TARGETS.rssGrowthMb} MB while one ${LARGE_DOWNLOAD_MB} MB document downloads ` +
      `(it is streamed from the storage, never read whole). RSS sampled every ${SAMPLE_EVERY_MS} ms from /proc; S3 is s3rver on loopback in the bench process.`;
    return { markdown: `${table}\n\n${notes}`, failures: [], overTarget, data: { targets: STORAGE_TARGETS, results } };
  },
};
