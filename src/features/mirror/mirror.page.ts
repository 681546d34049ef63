import type { Locale } from '../../i18n/locales.js';
import { sha256 } from './mirror.checksum.js';
import { detached } from './mirror.paths.js';
import { rewritePage, type RewriteContext } from './mirror.rewrite.js';
import { compressedForms } from './mirror.writer.js';

/** A page of the copy ready to be written: its bytes, their checksum, and what the crawl and the search index need of it. */
export interface PreparedPage {
  bytes: Buffer;
  sha256: string;
  /**
   * Its compressed forms (in the order of `COMPRESSED_FORMS`), unless its checksum is the one the
   * previous copy recorded: a page that did not change is not compressed again.
   */
  forms?: Buffer[];
  /** The same-site paths it links to, each once, in the order of the page. */
  links: string[];
  locale: Locale;
  title: string;
  description: string;
}

/**
 * Rewrites a page of the live site into the copy's (see `rewritePage`), and with `compress`
 * makes its compressed forms where the thread that rendered it is, unless its checksum is
 * `previousSha256`: then the copy most likely has it already.
 */
export function preparePage(html: string, pageUrl: string, file: string, ctx: RewriteContext, options: { compress: boolean; previousSha256?: string }): PreparedPage {
  const page = rewritePage(html, pageUrl, file, ctx);
  const bytes = Buffer.from(page.html);
  const checksum = sha256(bytes);
  const forms = options.compress && checksum !== options.previousSha256 ? compressedForms(bytes) : undefined;
  return {
    bytes,
    sha256: checksum,
    ...(forms ? { forms } : {}),
    links: [...new Set(page.links)],
    locale: page.locale,
    title: detached(page.title),
    description: detached(page.description),
  };
}
