import type { Locale } from '../../i18n/locales.js';
import { webMessages } from '../web.messages.js';

/** What a page with a quick exit needs: where the exit goes, and the onion address if there is one. */
export interface QuickExit {
  exitUrl: string;
  /** The same page on the site's onion service (http://<address>.onion/<path>). */
  onionUrl?: string;
}

/** The onion service's URL for a path, when an address is configured. */
export function onionUrlFor(onionAddress: string | undefined, path: string): string | undefined {
  return onionAddress ? `http://${onionAddress}${path}` : undefined;
}

/**
 * The quick exit bar on pages a person at risk may not want to be seen reading. Without
 * JavaScript the button is a plain link to a neutral site (which adds a history entry); with
 * it, quick-exit.js replaces the page instead and listens for Escape.
 */
export function QuickExitBar({ locale, exit }: { locale: Locale; exit: QuickExit }) {
  const t = webMessages[locale];
  return (
    <aside class="quick-exit" aria-label={t.quickExitRegion}>
      <div class="wrap quick-exit__inner">
        <a class="quick-exit__button" href={exit.exitUrl} rel="noreferrer" data-quick-exit>
          {t.quickExit}
        </a>
        <p class="quick-exit__note">
          {t.safeBrowsingNote}
          {exit.onionUrl && (
            <>
              {' '}
              <a href={exit.onionUrl}>{t.onionLink}</a>
            </>
          )}
        </p>
      </div>
    </aside>
  );
}
