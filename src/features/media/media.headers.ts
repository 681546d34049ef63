/** Header values for serving stored files: download names and validators. */

/** Characters RFC 5987 allows unencoded in `filename*`; encodeURIComponent leaves a few more. */
const RFC5987_EXTRA = /['()*]/g;

/** The last segment of an uploaded name, as browsers on Windows may send the whole path. */
function baseName(name: string): string {
  return name.split(/[\\/]/).pop() ?? '';
}

/** `Report 2024 (final).pdf` → `Report_2024_final.pdf`; letters with accents lose them. */
export function asciiFileName(name: string, fallback: string): string {
  const base = baseName(name);
  const ext = /\.[A-Za-z0-9]{1,8}$/.exec(base)?.[0] ?? '';
  const stem = base
    .slice(0, base.length - ext.length)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/_{2,}/g, '_')
    .replace(/^[._-]+|[._-]+$/g, '');
  return `${stem || fallback}${ext.toLowerCase()}`;
}

/**
 * `attachment` with both a plain ASCII name (old browsers) and the exact UTF-8 name, so a
 * Khmer file name survives the download. Neither can break out of the header: the ASCII one
 * has no quotes or control characters, and the other is percent-encoded.
 */
export function attachmentDisposition(name: string, fallback: string): string {
  const exact = baseName(name).replace(/[\p{Cc}]/gu, '') || asciiFileName(name, fallback);
  const encoded = encodeURIComponent(exact).replace(RFC5987_EXTRA, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFileName(name, fallback)}"; filename*=UTF-8''${encoded}`;
}

/** A strong validator for content-addressed bytes: the hash is the version. */
export function etagOf(sha256: string): string {
  return `"${sha256}"`;
}

/** Whether an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks for GET). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** Inclusive byte offsets of one range of a file. */
export interface RequestedRange {
  start: number;
  end: number;
}

/**
 * The one range a `Range: bytes=…` header asks for within `size` bytes (RFC 9110 §14): `range`
 * to send 206 with it, `unsatisfiable` for 416, or `whole` (no header, several ranges, another
 * unit or a malformed value: the whole file is sent, as the RFC allows).
 */
export function parseRange(header: string | undefined, size: number): { kind: 'whole' } | { kind: 'unsatisfiable' } | ({ kind: 'range' } & RequestedRange) {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return { kind: 'whole' };
  const [first, last] = [match[1]!, match[2]!];
  if (first === '') {
    // A suffix: the last N bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size) return { kind: 'unsatisfiable' };
  if (end < start) return { kind: 'whole' };
  return { kind: 'range', start, end };
}
