import type { Locale } from '../../i18n/locales.js';
import { webMessages } from '../web.messages.js';

interface LicenceInfo {
  name: string;
  /** How a credit line under a photograph names it. */
  short: string;
  url: string | undefined;
}

const LICENCES: Record<string, LicenceInfo> = {
  'CC-BY-4.0': { short: 'CC BY 4.0', name: 'Creative Commons Attribution 4.0 International', url: 'https://creativecommons.org/licenses/by/4.0/' },
  'CC-BY-SA-4.0': { short: 'CC BY-SA 4.0', name: 'Creative Commons Attribution-ShareAlike 4.0 International', url: 'https://creativecommons.org/licenses/by-sa/4.0/' },
  'CC-BY-NC-4.0': { short: 'CC BY-NC 4.0', name: 'Creative Commons Attribution-NonCommercial 4.0 International', url: 'https://creativecommons.org/licenses/by-nc/4.0/' },
  'CC-BY-NC-ND-4.0': { short: 'CC BY-NC-ND 4.0', name: 'Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International', url: 'https://creativecommons.org/licenses/by-nc-nd/4.0/' },
  'CC0-1.0': { short: 'CC0 1.0', name: 'CC0 1.0 Universal (public domain dedication)', url: 'https://creativecommons.org/publicdomain/zero/1.0/' },
  'all-rights-reserved': { short: 'All rights reserved', name: 'All rights reserved', url: undefined },
};

/** The licence ids a file or an item may name, in the order a form offers them. */
export const LICENCE_IDS: readonly string[] = Object.keys(LICENCES);

export function licenceInfo(id: string): LicenceInfo {
  return LICENCES[id] ?? { name: id, short: id, url: undefined };
}

/** The item's licence, human-readable and machine-readable (rel="license"). */
export function LicenceNote({ id, locale }: { id: string; locale: Locale }) {
  const t = webMessages[locale];
  const info = licenceInfo(id);
  return (
    <p class="licence">
      {t.licensedUnder}{' '}
      {info.url ? (
        <a rel="license" href={info.url} lang="en">
          {info.name}
        </a>
      ) : (
        <span lang="en">{info.name}</span>
      )}
    </p>
  );
}
