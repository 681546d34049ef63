import { on, once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Header, Pack, Parser, ReadEntry } from 'tar';

/*
 * The tar archive of a backup, through node-tar: plain files only, each streamed in or out, so
 * neither a large file nor the archive ever sits whole in memory.
 */

/**
 * Bytes read from the archive at a time. Small, because gzip may inflate a read a thousandfold
 * before any of it is handed on, and all of that is held meanwhile.
 */
const READ_CHUNK_BYTES = 16 * 1024;

export class ArchiveFormatError extends Error {}

/** Appends a plain file whose body yields exactly `size` bytes. */
export type AddEntry = (name: string, size: number, body: AsyncIterable<Buffer> | Iterable<Buffer>) => Promise<void>;

export interface ArchiveEntry {
  name: string;
  size: number;
  /** The entry's bytes; whatever is left unread is skipped before the next entry. */
  body: AsyncIterable<Buffer>;
}

/**
 * Writes a new archive to `file` (0600; refused if the file exists), entries in the order `fill`
 * adds them. On failure the streams are closed and the error passed on; removing the file is the
 * caller's, since it chose the name.
 */
export async function writeArchive(file: string, options: { gzip: boolean }, fill: (add: AddEntry) => Promise<void>): Promise<void> {
  const pack = new Pack({ gzip: options.gzip, portable: true, strict: true });
  const out = fs.createWriteStream(file, { mode: 0o600, flags: 'wx' });
  const written = pipeline(pack, out);
  // Lets an entry waiting for room give up when the output has failed.
  const outputFailed = new AbortController();
  written.catch((err: unknown) => outputFailed.abort(err));
  try {
    await fill((name, size, body) => addEntry(pack, outputFailed.signal, name, size, body));
    pack.end();
    await written;
  } catch (err) {
    out.destroy();
    await written.catch(() => {});
    throw outputFailed.signal.aborted ? outputFailed.signal.reason : err;
  }
  const fd = fs.openSync(file, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
}

async function addEntry(pack: Pack, signal: AbortSignal, name: string, size: number, body: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<void> {
  // An entry built from a header rather than a path on disk: its name in the archive is ours to choose.
  const entry = new ReadEntry(new Header({ path: name, type: 'File', size, mode: 0o600, mtime: new Date() }));
  pack.add(entry);
  let written = 0;
  for await (const chunk of body) {
    written += chunk.length;
    if (written > size) throw new Error(`${name} grew while it was being archived.`);
    if (!entry.write(chunk)) await once(entry, 'drain', { signal });
  }
  if (written !== size) throw new Error(`${name} changed size while it was being archived.`);
  entry.end();
}

/** A relative path that names a place below the folder it is unpacked into, and nothing else. */
function isContainedPath(name: string): boolean {
  return !path.posix.isAbsolute(name) && !/\\|^[a-zA-Z]:|\0/.test(name) && path.posix.normalize(name) === name && !name.split('/').includes('..');
}

function describeFailure(err: Error & { code?: unknown }): string {
  if (typeof err.code === 'string' && err.code.startsWith('Z_')) return 'The archive is damaged (its gzip compression does not decode).';
  if (/checksum/.test(err.message)) return 'The archive is damaged (a header checksum does not match).';
  if (/Truncated input/.test(err.message)) return 'The archive ends too early: it is incomplete.';
  return `The archive cannot be read (${err.message}).`;
}

/**
 * The entries of an archive (gzip or not), in order. Anything but a plain file whose path stays
 * below its folder and that `accepts` agrees to is refused with an ArchiveFormatError, as is a
 * damaged or truncated archive.
 */
export async function* readArchive(file: string, accepts: (name: string) => boolean): AsyncGenerator<ArchiveEntry> {
  // strict: a bad header checksum or a cut-off body is an error, not a warning to skip past.
  // No cap on the compression ratio: bodies are streamed and checked against the manifest's
  // sizes, and a dump of repetitive rows may well compress beyond node-tar's default of 1000.
  const parser = new Parser({ strict: true, maxDecompressionRatio: Infinity });
  const source = fs.createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
  const failed = new AbortController();
  parser.on('error', (err: Error) => failed.abort(new ArchiveFormatError(describeFailure(err))));
  source.on('error', (err) => parser.abort(err));
  const entries = on(parser, 'entry', { close: ['end'] }) as AsyncIterableIterator<[ReadEntry]>;
  source.pipe(parser);
  try {
    for await (const [entry] of entries) {
      checkEntry(entry, accepts);
      yield { name: entry.path, size: entry.size, body: bodyOf(entry, failed.signal) };
      entry.resume();
    }
  } catch (err) {
    if (err instanceof Error && 'tarCode' in err) throw new ArchiveFormatError(describeFailure(err));
    throw err;
  } finally {
    source.destroy();
  }
  // A failure noticed after the last entry (a cut-off end) still refuses the archive.
  failed.signal.throwIfAborted();
}

/** An entry's chunks, ending in an error if the archive fails under it (a body cut short never ends). */
async function* bodyOf(entry: ReadEntry, signal: AbortSignal): AsyncGenerator<Buffer> {
  const chunks = entry[Symbol.asyncIterator]();
  for (;;) {
    const next = await unlessAborted(chunks.next(), signal);
    if (next.done) return;
    yield next.value;
  }
}

/** Settles as `promise` does, or rejects once `signal` aborts; holds on to neither afterwards. */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const settle = <A>(done: (value: A) => void) => (value: A) => {
      signal.removeEventListener('abort', onAbort);
      done(value);
    };
    promise.then(settle(resolve), settle(reject));
  });
}

function checkEntry(entry: ReadEntry, accepts: (name: string) => boolean): void {
  if (entry.type !== 'File' && entry.type !== 'OldFile') throw new ArchiveFormatError(`The archive holds ${entry.path}, which is not a plain file.`);
  if (!isContainedPath(entry.path) || !accepts(entry.path)) throw new ArchiveFormatError(`The archive holds ${entry.path}, which is not a part of a backup.`);
}
