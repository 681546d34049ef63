import { createHmac, hkdfSync } from 'node:crypto';

/*
 * Disclosure control of the portal: the cell key method (ABS, Eurostat) with a perturbation table
 * that rounds to base 3 at random, but consistently.
 *
 * - Every act (and every case, for the number of cases) has a record key: an HMAC of its id under a
 *   key derived (HKDF) from the app's secret, read as a 32-bit fraction. It is stable across
 *   restarts and servers, and without the secret nobody can work it out.
 * - A cell's key is the sum of its records' keys, modulo 1. It depends only on which records are
 *   in the cell, never on the query that made the cell: the total of "Phnom Penh, 2021" and the
 *   2021 cell of the Phnom Penh page are the same records, so the same key, so the same number.
 *   Asking again, or asking another way, gives nothing new.
 * - The published value is looked up from the table below by (true count mod 3, cell key): a
 *   multiple of 3 is published as it is; any other count goes to the multiple of 3 just below or
 *   just above, up with probability (count mod 3) / 3, so the published value is unbiased.
 *
 * What this guarantees by construction: every published number is a multiple of 3, so no sum or
 * difference of published numbers, from any combination of requests, is 1 or 2; a count of 1 or 2
 * is published as 0 or 3, never as itself; and the same records always give the same number.
 * Every published number (totals included) is rounded as a cell of its own, so the cells of a
 * breakdown need not add up to its published total.
 */

/** Every published count is a multiple of this. */
export const ROUNDING_BASE = 3;

const KEY_LABEL = 'dove portal cell keys v1';
const KEY_SPACE = 2 ** 32;

/**
 * The perturbation table, by true count mod ROUNDING_BASE: a cell whose key is below `upTo` is
 * rounded up, any other down. Row r rounds up with probability r / 3 (unbiased rounding).
 */
export const PERTURBATION_TABLE: ReadonlyArray<{ remainder: number; upTo: number }> = [
  { remainder: 0, upTo: 0 },
  { remainder: 1, upTo: 1 / 3 },
  { remainder: 2, upTo: 2 / 3 },
];

/** Record kinds have keys of their own, so an act and a case with the same id are unrelated. */
export type RecordKind = 'act' | 'case';

export class CellKeys {
  private readonly key: Buffer;
  // Ids never change meaning, so a key computed once is kept (a few bytes per act).
  private readonly cache = new Map<string, number>();

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), KEY_LABEL, 32));
  }

  /** The record key as an integer in [0, 2³²). */
  recordKey(kind: RecordKind, id: number): number {
    const name = `${kind}:${id}`;
    let value = this.cache.get(name);
    if (value === undefined) {
      value = createHmac('sha256', this.key).update(name).digest().readUInt32BE(0);
      this.cache.set(name, value);
    }
    return value;
  }

  /** The cell key, in [0, 1), of the cell holding exactly these records. */
  cellKey(kind: RecordKind, ids: Iterable<number>): number {
    let sum = 0;
    for (const id of ids) sum = (sum + this.recordKey(kind, id)) % KEY_SPACE;
    return sum / KEY_SPACE;
  }
}

/** The published value of a cell with this true count and cell key. */
export function perturb(count: number, cellKey: number): number {
  const remainder = count % ROUNDING_BASE;
  const down = count - remainder;
  if (remainder === 0) return count;
  return cellKey < PERTURBATION_TABLE[remainder]!.upTo ? down + ROUNDING_BASE : down;
}
