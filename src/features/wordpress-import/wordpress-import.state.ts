import type { DbOrTx } from '../../db/database.js';
import type { FileStorage } from '../media/storage.js';
import { recordImportedObject, type ImportedObject, type WpKind } from './wordpress-import.repository.js';
import type { Outcome, ReportEntry } from './wordpress-import.report.js';
import type { MediaOptions } from './wordpress-media.js';
import type { ExportPlan } from './wordpress-plan.js';
import type { Scan } from './wordpress-scan.js';
import type { NewsKind } from '../news/news.tables.js';

export interface WordPressImportOptions extends MediaOptions {
  file: string;
  /** The news kind posts become (press releases by default). */
  newsKind: NewsKind;
  locales: readonly string[];
  /** The language of posts the export gives none (no Polylang or WPML) and that are not in Khmer script. */
  defaultLocale: string;
  /** Told of progress now and then (a line of text). */
  progress?: (line: string) => void;
}

/** What one run knows as it writes: the first pass, the plan, earlier imports and what it has made so far. */
export interface ImportState {
  tx: DbOrTx;
  storage: FileStorage;
  options: WordPressImportOptions;
  scan: Scan;
  plan: ExportPlan;
  source: string;
  blogPath: string;
  previous: Map<string, ImportedObject>;
  entries: ReportEntry[];
  now: string;
  /** Attachment id → its file and the address of its largest JPEG rendition (images). */
  files: Map<string, { fileId: number; src?: string }>;
  /** Old image address (path, without WordPress's size suffix) → new address. */
  imageByPath: Map<string, string>;
  /** Old address of a document in the uploads folder (keyed like `imageByPath`) → its address in Dove (`/files/<sha256>/<name>`). */
  documentByPath: Map<string, string>;
  /** Old address of an upload that could not be brought in (keyed like `imageByPath`) → why. */
  uploadProblems: Map<string, string>;
  topicIds: Map<string, number>;
  /** Group key → Dove item id and slug (known before the second pass). */
  items: Map<string, { id: number | undefined; slug: string }>;
  /** Old address key → new address. */
  redirects: Map<string, string>;
}

/** Whether an object is new, changed or unchanged since the import that last recorded it. */
export function outcomeOf(state: ImportState, kind: WpKind, id: string, checksum: string, exists: boolean): Outcome {
  const before = state.previous.get(`${kind}:${id}`);
  if (!before || !exists) return 'imported';
  return before.checksum === checksum ? 'unchanged' : 'changed';
}

/** Records what an object became, for the next run. */
export async function remember(state: ImportState, kind: WpKind, wpId: string, targetType: string, targetId: number, locale: string | null, checksum: string) {
  const object = { wpKind: kind, wpId, targetType, targetId, locale, checksum };
  await recordImportedObject(state.tx, state.source, object, state.now, state.previous.has(`${kind}:${wpId}`));
  state.previous.set(`${kind}:${wpId}`, object);
}
