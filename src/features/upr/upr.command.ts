import fs from 'node:fs';
import type { Db, DbOrTx } from '../../db/database.js';
import { MAX_IMPORT_BYTES } from './upr.csv.js';
import { describeProblems, importRecommendationsFile } from './upr.import.js';

export interface UprImportReport {
  ok: boolean;
  lines: string[];
}

/**
 * `dove upr import <file.csv>`: the same import as the admin's form, recorded as the system's;
 * problems are told in English, one line each, and the file is then stored not at all.
 */
export async function runUprImport(db: Db, file: string, indexRecommendations: (tx: DbOrTx, ids: readonly number[]) => Promise<void>): Promise<UprImportReport> {
  let bytes: Buffer;
  try {
    if (fs.statSync(file).size > MAX_IMPORT_BYTES) return { ok: false, lines: [`${file}: larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`] };
    bytes = fs.readFileSync(file);
  } catch (err) {
    return { ok: false, lines: [`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'cannot be read'}.`] };
  }
  const outcome = await importRecommendationsFile(db, bytes, 'system:cli', indexRecommendations);
  if (!outcome.ok) return { ok: false, lines: ['Nothing was imported:', ...describeProblems(outcome.problems, 'en')] };
  return { ok: true, lines: [`Imported ${outcome.counts.created} new and updated ${outcome.counts.updated} UPR recommendations.`] };
}
