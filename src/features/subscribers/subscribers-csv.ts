import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { isLocale, type Locale } from '../../i18n/locales.js';
import { guardCsvCell, unguardCsvCell } from '../../web/csv-guard.js';
import { emailError, hasControlCharacters, MAX_NAME_LENGTH } from './subscribe-form.js';
import type { Subscriber } from './subscribers.repository.js';
import { SUBSCRIBER_STATUSES, SUBSCRIPTION_TOPICS, type SubscriberStatus, type SubscriptionTopic } from './subscribers.tables.js';

/** The columns of an export, which an import reads back (only `email` is required). */
export const CSV_COLUMNS = ['email', 'name', 'language', 'status', 'topics', 'consent_source', 'source_note', 'consented_at', 'created_at'] as const;
/** An import larger than this is refused whole, in rows. */
export const MAX_IMPORT_ROWS = 20_000;
/** An uploaded file larger than this is refused unread, in bytes. */
export const MAX_IMPORT_BYTES = 4 * 1024 * 1024;

export function subscribersToCsv(rows: readonly Subscriber[]): string {
  return stringify(
    rows.map((s) => [s.email, s.name ?? '', s.locale, s.status, s.topics.join(' '), s.consentSource, s.sourceNote ?? '', s.consentedAt ?? '', s.createdAt].map(guardCsvCell)),
    { header: true, columns: [...CSV_COLUMNS], record_delimiter: '\r\n' },
  );
}

export interface ImportRow {
  line: number;
  email: string;
  name: string | null;
  locale: Locale;
  topics: SubscriptionTopic[];
  /** The status the file gives (an export's), if any. */
  status: SubscriberStatus | null;
  consentedAt: string | null;
}

export type ImportProblem =
  | { line: number; problem: 'invalidEmail' | 'duplicateEmail' | 'invalidLanguage' | 'invalidTopic' | 'invalidStatus' | 'invalidName' | 'invalidDate' }
  | { line: 0; problem: 'notCsv' | 'noEmailColumn' | 'tooManyRows' | 'empty' | 'notUtf8' };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads an import file completely before anything is stored: every problem is reported with its
 * line, and a file with any problem imports nothing. Rows without a language or topics take the
 * defaults given.
 */
export function parseImportCsv(
  bytes: Buffer,
  locales: readonly Locale[],
  defaults: { locale: Locale; topics: readonly SubscriptionTopic[] },
): { ok: true; rows: ImportRow[] } | { ok: false; problems: ImportProblem[] } {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return { ok: false, problems: [{ line: 0, problem: 'notUtf8' }] };
  }
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      info: true,
      max_record_size: 64 * 1024,
    }) as typeof records;
  } catch {
    return { ok: false, problems: [{ line: 0, problem: 'notCsv' }] };
  }
  if (records.length === 0) return { ok: false, problems: [{ line: 0, problem: 'empty' }] };
  if (!('email' in records[0]!.record)) return { ok: false, problems: [{ line: 0, problem: 'noEmailColumn' }] };
  if (records.length > MAX_IMPORT_ROWS) return { ok: false, problems: [{ line: 0, problem: 'tooManyRows' }] };

  const problems: ImportProblem[] = [];
  const rows: ImportRow[] = [];
  const seen = new Set<string>();
  for (const { record, info } of records) {
    const line = info.lines;
    const cell = (name: string) => unguardCsvCell(record[name] ?? '');
    const email = cell('email').toLowerCase();
    if (emailError(email)) {
      problems.push({ line, problem: 'invalidEmail' });
      continue;
    }
    if (seen.has(email)) problems.push({ line, problem: 'duplicateEmail' });
    seen.add(email);
    const name = cell('name');
    if (hasControlCharacters(name) || name.length > MAX_NAME_LENGTH) problems.push({ line, problem: 'invalidName' });
    const language = cell('language') || defaults.locale;
    if (!isLocale(language, locales)) problems.push({ line, problem: 'invalidLanguage' });
    const topicWords = cell('topics').split(/[\s;,|]+/).filter(Boolean);
    if (topicWords.some((w) => !(SUBSCRIPTION_TOPICS as readonly string[]).includes(w))) problems.push({ line, problem: 'invalidTopic' });
    const status = cell('status');
    if (status && !(SUBSCRIBER_STATUSES as readonly string[]).includes(status)) problems.push({ line, problem: 'invalidStatus' });
    const consentedAt = cell('consented_at');
    if (consentedAt && Number.isNaN(Date.parse(consentedAt))) problems.push({ line, problem: 'invalidDate' });
    rows.push({
      line,
      email,
      name: name || null,
      locale: language as Locale,
      topics: topicWords.length ? SUBSCRIPTION_TOPICS.filter((t) => topicWords.includes(t)) : [...defaults.topics],
      status: (status || null) as SubscriberStatus | null,
      consentedAt: consentedAt ? new Date(consentedAt).toISOString() : null,
    });
  }
  return problems.length ? { ok: false, problems } : { ok: true, rows };
}
