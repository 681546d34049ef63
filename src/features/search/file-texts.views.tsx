import type { Locale } from '../../i18n/locales.js';
import { fileTextMessages } from './file-texts.messages.js';
import type { FileTextRow } from './file-texts.repository.js';
import type { UnreadableReason } from './search.tables.js';

const REASON_KEY: Record<UnreadableReason, 'reasonTimeout' | 'reasonMemory' | 'reasonDamaged'> = {
  timeout: 'reasonTimeout',
  memory: 'reasonMemory',
  damaged: 'reasonDamaged',
};

/** The editor's note on a document (PDF or office file) whose text search cannot use yet, or at all; nothing once it is read. */
export function FileTextNote({ state, locale, id }: { state: Pick<FileTextRow, 'state' | 'reason'> | undefined; locale: Locale; id?: string }) {
  if (!state || state.state === 'done') return null;
  const t = fileTextMessages[locale];
  if (state.state === 'pending') {
    return (
      <p class="notice file-text-note" id={id} lang={locale} data-file-text="pending">
        {t.pending}
      </p>
    );
  }
  return (
    <p class="notice notice--warning file-text-note" id={id} lang={locale} data-file-text="unreadable">
      {t.unreadable(t[REASON_KEY[state.reason ?? 'damaged']])}
    </p>
  );
}
