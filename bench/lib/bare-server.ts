import fs from 'node:fs';
import http from 'node:http';

/*
 * The baseline the page cache is measured against: Node's own HTTP server answering every
 * request with one response read from disk, as fast as Node can send given bytes.
 * Usage: node --import tsx bench/lib/bare-server.ts <response.json> <port>
 */
interface StoredResponse {
  headers: Record<string, string>;
  bodyBase64: string;
}

const [file, port] = process.argv.slice(2);
const stored = JSON.parse(fs.readFileSync(file!, 'utf8')) as StoredResponse;
const body = Buffer.from(stored.bodyBase64, 'base64');
const headers = { ...stored.headers, 'content-length': String(body.length) };

http
  .createServer((_request, response) => {
    response.writeHead(200, headers);
    response.end(body);
  })
  .listen(Number(port), '127.0.0.1');
