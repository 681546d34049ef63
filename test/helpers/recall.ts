/** How many of a class's relevance cases found their document. */
export interface Tally {
  found: number;
  all: number;
}

/** The targets for a relevance set: recall@10 overall, in the hard classes, and no-answer queries showing results. */
export const RELEVANCE_TARGETS = { recall: 0.97, hardClassRecall: 0.9, hardClasses: ['variant', 'segmented'], noAnswerShowingResults: 2 } as const;

/** Recall@10 per class of the cases and over all of them; `found` tells whether a case found its document. */
export function recallByClass<Case extends { class: string }>(cases: readonly Case[], found: (c: Case) => boolean): { byClass: Map<string, Tally>; total: Tally } {
  const byClass = new Map<string, Tally>();
  const total: Tally = { found: 0, all: 0 };
  for (const c of cases) {
    const entry = byClass.get(c.class) ?? { found: 0, all: 0 };
    const hit = found(c) ? 1 : 0;
    byClass.set(c.class, { found: entry.found + hit, all: entry.all + 1 });
    total.found += hit;
    total.all += 1;
  }
  return { byClass, total };
}

export const percent = (e: Tally) => `${((100 * e.found) / e.all).toFixed(1)}% (${e.found}/${e.all})`;
