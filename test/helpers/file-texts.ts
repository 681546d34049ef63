import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../../src/db/database.js';
import { extractPendingFileTexts } from '../../src/features/search/file-texts.job.js';
import type { FileStorage } from '../../src/features/media/storage.js';
import { searchTables } from '../../src/features/search/search.tables.js';

/**
 * Runs the PDF text job until no file is pending. The app under test runs the same job in the
 * background; a file it claimed first is waited for rather than read twice.
 */
export async function readQueuedPdfTexts(db: Db, storage: FileStorage, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await extractPendingFileTexts({ db, storage });
    const pending = await searchTables(db).selectFrom('searchFileTexts').select('sha256').where('state', '=', 'pending').execute();
    if (!pending.length) return;
    if (Date.now() > deadline) throw new Error(`PDF texts still pending after ${timeoutMs} ms`);
    await sleep(100);
  }
}
