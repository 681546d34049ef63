import type { Locale } from '../../i18n/locales.js';
import { localePath } from '../paths.js';
import { webMessages } from '../web.messages.js';

/** What a page with a quick exit needs: where the exit goes, and the onion address if there is one. */
export interface QuickExit {
  exitUrl: string;
  /** The same page on the site's onion service (http://<address>.onion/<path>). */
  onionUrl?: string;
  /** The secure incident report, offered on the pages a defender at risk reads (not on the report itself). */
  reportUrl?: string;
}

/** The onion service's URL for a path, when an address is configured. */
export function onionUrlFor(onionAddress: string | undefined, path: string): string | undefined {
  return onionAddress ? `http://${onionAddress}${path}` : undefined;
}

/** From the configuration: the exit's target, the onion address, and the pages that get the bar. */
export interface QuickExitSettings {
  exitUrl: string;
  onionAddress: string | undefined;
  /** Paths below the locale (`/human-rights-defenders`); their sub-pages are covered too. */
  paths: readonly string[];
}

/** Whether a path below the locale is one of the pages a person at risk may read. */
export function hasQuickExit(settings: Pick<QuickExitSettings, 'paths'>, path: string): boolean {
  const bare = path.replace(/[?#].*$/, '').replace(/\/+$/, '') || '/';
  return settings.paths.some((p) => bare === p || bare.startsWith(`${p}/`));
}

/** The quick exit of a page at `path` (below the locale), or undefined when it has none. */
export function quickExitFor(settings: QuickExitSettings, locale: Locale, path: string): QuickExit | undefined {
  if (!hasQuickExit(settings, path)) return undefined;
  const onionUrl = onionUrlFor(settings.onionAddress, `/${locale}${path}`);
  return { exitUrl: settings.exitUrl, reportUrl: localePath(locale, '/report'), ...(onionUrl ? { onionUrl } : {}) };
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
        {exit.reportUrl && (
          <a class="quick-exit__report" href={exit.reportUrl}>
            {t.reportIncident}
          </a>
        )}
      </div>
    </aside>
  );
}
