import { formatDateTime } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { operationsMessages } from './operations.messages.js';
import type { OperationsPause } from './operations.repository.js';

interface PausedBannerProps {
  locale: Locale;
  timeZone: string;
  pause: OperationsPause;
  /** Present when the viewer may resume; the banner then carries the Resume form. */
  csrfToken?: string | undefined;
}

/** Shown to admins on the dashboard and the outbox while sending and scheduled publishing are paused. */
export function PausedBanner({ locale, timeZone, pause, csrfToken }: PausedBannerProps) {
  const t = operationsMessages[locale];
  const since = formatDateTime(pause.pausedAt, locale, timeZone);
  return (
    <section class="notice notice--warning" role="alert" aria-labelledby="operations-paused">
      <h2 id="operations-paused">{t.pausedTitle}</h2>
      <p>{pause.reason === 'restore' ? t.pausedSinceRestore(since) : t.pausedSince(since)}</p>
      {pause.backupCreatedAt ? <p>{t.backupMadeAt(formatDateTime(pause.backupCreatedAt, locale, timeZone))}</p> : null}
      {csrfToken ? (
        <form method="post" action="/admin/operations/resume">
          <p>{t.checkFirst}</p>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <button type="submit">{t.resume}</button>
        </form>
      ) : null}
    </section>
  );
}

export function ResumedNotice({ locale }: { locale: Locale }) {
  return (
    <p class="notice notice--success" role="status">
      {operationsMessages[locale].resumed}
    </p>
  );
}
