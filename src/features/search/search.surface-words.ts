/**
 * The surface words of the index (search.text.ts, SURFACE_MARK) by initial, kept in memory per
 * database handle: typo tolerance compares a misspelt word with every surface word of its
 * initials and length range, and reading those from the vocabulary cost each typo search
 * thousands of rows (on PostgreSQL a few milliseconds of the server's time and as many of the
 * client's to receive them). The vocabulary changes only when the index does, and then the
 * words are forgotten: by the index's writers in this process (forgetSurfaceWords) and, for
 * changes made by other servers or commands, by the search routes when content changes. The
 * vocabulary's Khmer words, which a rare Khmer word is looked for inside, are kept the same way
 * (search.repository.ts).
 */

export interface SurfaceWord {
  term: string;
  docCount: number;
}

/** Bumped whenever the vocabulary may have changed: words read before are not used again. */
let generation = 0;

const kept = new WeakMap<object, { generation: number; byInitial: Map<string | symbol, Promise<SurfaceWord[]>> }>();

/** The vocabulary may have changed: every handle's words are read again when next needed. */
export function forgetSurfaceWords(): void {
  generation += 1;
}

/**
 * The surface words starting with `initial`, in the vocabulary's order, read with `read` the
 * first time and kept for `handle` (a database handle that outlives the request) until forgotten.
 * Other lists of words are kept the same way under a symbol of their own, which no initial can be.
 */
export function surfaceWordsOf(handle: object, initial: string | symbol, read: () => Promise<SurfaceWord[]>): Promise<SurfaceWord[]> {
  let entry = kept.get(handle);
  if (!entry || entry.generation !== generation) {
    entry = { generation, byInitial: new Map() };
    kept.set(handle, entry);
  }
  let words = entry.byInitial.get(initial);
  if (!words) {
    words = read();
    const byInitial = entry.byInitial;
    // A failed read is not kept: the next search reads again.
    words.catch(() => byInitial.delete(initial));
    byInitial.set(initial, words);
  }
  return words;
}
