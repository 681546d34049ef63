import { once } from 'node:events';
import type { Writable } from 'node:stream';

/*
 * The small part of the POSIX ustar format that backups need: regular files, names that fit the
 * 100-byte name field (or the 155-byte prefix), sizes up to 8 GiB. Written and read as streams,
 * so a large file never sits whole in memory. Archives open with GNU tar, bsdtar and 7-Zip.
 */

const BLOCK = 512;
const MAX_OCTAL_SIZE = 8 ** 11 - 1;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function splitName(name: string): { prefix: string; base: string } {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', base: name };
  const cut = name.lastIndexOf('/', 155);
  const prefix = name.slice(0, cut);
  const base = name.slice(cut + 1);
  if (cut <= 0 || Buffer.byteLength(prefix) > 155 || Buffer.byteLength(base) > 100) throw new Error(`The name ${name} is too long for the archive.`);
  return { prefix, base };
}

function checksumOf(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
  return sum;
}

export function tarHeader(name: string, size: number, mtime: Date): Buffer {
  if (size > MAX_OCTAL_SIZE) throw new Error(`${name} is larger than 8 GiB, which the archive format cannot hold.`);
  const header = Buffer.alloc(BLOCK);
  const { prefix, base } = splitName(name);
  header.write(base, 0, 100);
  header.write(octal(0o600, 8), 100);
  header.write(octal(0, 8), 108);
  header.write(octal(0, 8), 116);
  header.write(octal(size, 12), 124);
  header.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136);
  header.write('0', 156);
  header.write('ustar\u000000', 257);
  header.write(prefix, 345, 155);
  header.write(`${checksumOf(header).toString(8).padStart(6, '0')}\0 `, 148);
  return header;
}

/** Writes entries one after another to `out`, honouring its back-pressure. */
export class TarWriter {
  constructor(private readonly out: Writable) {}

  private async write(chunk: Buffer): Promise<void> {
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  /** Appends an entry whose body comes from `body`; it must yield exactly `size` bytes. */
  async add(name: string, size: number, body: AsyncIterable<Buffer> | Iterable<Buffer>, mtime = new Date()): Promise<void> {
    await this.write(tarHeader(name, size, mtime));
    let written = 0;
    for await (const chunk of body) {
      written += chunk.length;
      if (written > size) throw new Error(`${name} grew while it was being archived.`);
      await this.write(chunk);
    }
    if (written !== size) throw new Error(`${name} changed size while it was being archived.`);
    const padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (padding) await this.write(Buffer.alloc(padding));
  }

  /** The two empty blocks that end an archive; the caller then ends `out`. */
  async finish(): Promise<void> {
    await this.write(Buffer.alloc(BLOCK * 2));
  }
}

/** Hands out exactly the bytes asked for from a stream of chunks of any size. */
class ByteReader {
  private buffered: Buffer[] = [];
  private length = 0;
  private done = false;

  constructor(private readonly source: AsyncIterator<Buffer>) {}

  /** Lets the source go (closing its file) when reading stops early. */
  async close(): Promise<void> {
    await this.source.return?.();
  }

  private async fill(): Promise<boolean> {
    if (this.done) return false;
    const next = await this.source.next();
    if (next.done) {
      this.done = true;
      return false;
    }
    this.buffered.push(next.value);
    this.length += next.value.length;
    return true;
  }

  /** Up to `max` bytes (at least one) from what is buffered or next to come; empty at the end. */
  async take(max: number): Promise<Buffer> {
    if (this.length === 0 && !(await this.fill())) return Buffer.alloc(0);
    const all = this.buffered.length === 1 ? this.buffered[0]! : Buffer.concat(this.buffered);
    const part = all.subarray(0, max);
    const rest = all.subarray(part.length);
    this.buffered = rest.length ? [rest] : [];
    this.length = rest.length;
    return part;
  }
}

export class TarFormatError extends Error {}

export interface TarEntry {
  name: string;
  size: number;
  /** The entry's bytes; read it to the end (or not at all) before asking for the next entry. */
  body: AsyncIterable<Buffer>;
}

function parseHeader(header: Buffer): { name: string; size: number; type: string } | undefined {
  if (header.every((b) => b === 0)) return undefined;
  const field = (start: number, length: number) => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
  if (Number.parseInt(field(148, 8).trim(), 8) !== checksumOf(header)) throw new TarFormatError('The archive is damaged (a header checksum does not match).');
  const prefix = field(345, 155);
  const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
  const size = Number.parseInt(field(124, 12).trim() || '0', 8);
  if (!Number.isSafeInteger(size) || size < 0) throw new TarFormatError(`The archive is damaged (the size of ${name}).`);
  return { name, size, type: field(156, 1) || '0' };
}

/** The regular-file entries of a tar stream, in order. Other entry types are refused. */
export async function* readTar(source: AsyncIterable<Buffer>): AsyncGenerator<TarEntry> {
  const reader = new ByteReader(source[Symbol.asyncIterator]());
  try {
    yield* readEntries(reader);
  } finally {
    await reader.close();
  }
}

async function* readEntries(reader: ByteReader): AsyncGenerator<TarEntry> {
  for (;;) {
    const block = await readBlock(reader);
    if (!block) throw new TarFormatError('The archive ends too early: it is incomplete.');
    const header = parseHeader(block);
    if (!header) return;
    if (header.type !== '0') throw new TarFormatError(`The archive holds ${header.name}, which is not a plain file.`);
    let left = header.size;
    // Whatever part of the body the consumer leaves unread is skipped below.
    const body = async function* () {
      while (left > 0) {
        const chunk = await reader.take(left);
        if (!chunk.length) throw new TarFormatError(`The archive ends inside ${header.name}: it is incomplete.`);
        left -= chunk.length;
        yield chunk;
      }
    };
    yield { name: header.name, size: header.size, body: body() };
    while (left > 0) {
      const chunk = await reader.take(left);
      if (!chunk.length) throw new TarFormatError(`The archive ends inside ${header.name}: it is incomplete.`);
      left -= chunk.length;
    }
    const padding = (BLOCK - (header.size % BLOCK)) % BLOCK;
    if (padding && !(await readExactly(reader, padding))) throw new TarFormatError('The archive ends too early: it is incomplete.');
  }
}

async function readBlock(reader: ByteReader): Promise<Buffer | undefined> {
  return readExactly(reader, BLOCK);
}

async function readExactly(reader: ByteReader, n: number): Promise<Buffer | undefined> {
  const parts: Buffer[] = [];
  let got = 0;
  while (got < n) {
    const chunk = await reader.take(n - got);
    if (!chunk.length) return undefined;
    parts.push(chunk);
    got += chunk.length;
  }
  return Buffer.concat(parts);
}
