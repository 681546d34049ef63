import http from 'node:http';
import zlib from 'node:zlib';
import autocannon from 'autocannon';

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
  headers: Record<string, string>;
}

export interface Measurement {
  /** Mean requests per second over the run. */
  requestsPerSecond: number;
  requests: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  /** Response bytes per second as sent (compressed), in MB/s. */
  throughputMBps: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  durationSeconds: number;
}

export interface Probe {
  status: number;
  contentEncoding: string | undefined;
  pageCache: string | undefined;
  /** Body size as sent and after decompression. */
  sentBytes: number;
  htmlBytes: number;
  location: string | undefined;
}

/** One request with the bench's headers, to check the target before loading it. */
export function probe(url: string, headers: Record<string, string>): Promise<Probe> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'];
        resolve({
          status: res.statusCode ?? 0,
          contentEncoding: encoding,
          pageCache: header(res.headers['x-page-cache']),
          sentBytes: body.length,
          htmlBytes: decompressedSize(body, encoding),
          location: header(res.headers.location),
        });
      });
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`no answer from ${url} within 30 s`)));
  });
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function decompressedSize(body: Buffer, encoding: string | undefined): number {
  if (encoding === 'br') return zlib.brotliDecompressSync(body).length;
  if (encoding === 'gzip') return zlib.gunzipSync(body).length;
  return body.length;
}

/** Loads one URL with autocannon for a fixed time and a fixed number of connections. */
export async function runLoad(url: string, options: LoadOptions): Promise<Measurement> {
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.durationSeconds,
    headers: options.headers,
    timeout: 10,
  });
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, Number(count)]),
  );
  const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
  return {
    requestsPerSecond: round(result.requests.average, 1),
    requests: result.requests.total,
    latencyMs: {
      mean: round(result.latency.average),
      p50: round(result.latency.p50),
      p90: round(result.latency.p90),
      p99: round(result.latency.p99),
      max: round(result.latency.max),
    },
    throughputMBps: round(result.throughput.average / 1e6),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    durationSeconds: result.duration,
  };
}
