import type { WxrItem, WxrTerm } from './wxr-reader.js';

/**
 * Which language a WordPress object is in, and which objects are translations of each other,
 * as Polylang and WPML record it in an export.
 *
 * - Polylang: a `language` term on each post (`<category domain="language" nicename="km">`),
 *   and a `post_translations` (or `term_translations`) term whose description is a PHP-serialised
 *   array of language → id (`a:2:{s:2:"en";i:12;s:2:"km";i:14;}`).
 * - WPML (its Export and Import add-on): `_wpml_import_language_code` and
 *   `_wpml_import_translation_group` post meta; older exports carry `_wpml_language` or
 *   `wpml_language`, and a duplicate names its original in `_icl_lang_duplicate_of`.
 */

/** The `language → id` pairs of a PHP-serialised array (Polylang's translation groups). */
export function phpArrayPairs(serialised: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const m of serialised.matchAll(/s:\d+:"([^"]*)";(?:i:(\d+)|s:\d+:"([^"]*)");/g)) pairs.push([m[1]!, m[2] ?? m[3] ?? '']);
  return pairs;
}

/** A WordPress language code (`km`, `km_KH`, `en-US`) as one of the configured locales, if it is one. */
export function localeOfCode(code: string, locales: readonly string[]): string | undefined {
  const base = code.trim().toLowerCase().split(/[_-]/)[0] ?? '';
  return locales.includes(base) ? base : undefined;
}

const KHMER = /[\u1780-\u17ff\u19e0-\u19ff]/g;
const LETTER = /\p{L}/gu;

/** Text mostly in Khmer script is Khmer (for exports without a language plugin). */
export function looksKhmer(text: string): boolean {
  const letters = text.match(LETTER)?.length ?? 0;
  return letters > 0 && (text.match(KHMER)?.length ?? 0) * 2 >= letters;
}

/** The language code the export gives an item, if any. */
export function languageCodeOf(item: WxrItem): string | undefined {
  const polylang = item.categories.find((c) => c.domain === 'language');
  if (polylang) return polylang.nicename;
  for (const key of ['_wpml_import_language_code', '_wpml_language', 'wpml_language']) {
    const value = item.meta.get(key)?.trim();
    if (value) return value;
  }
  return undefined;
}

/** The item's language among `locales`: as the export says, else Khmer by its script, else `fallback`. */
export function localeOfItem(item: WxrItem, locales: readonly string[], fallback: string): { locale?: string; code?: string } {
  const code = languageCodeOf(item);
  if (code) {
    const locale = localeOfCode(code, locales);
    return locale ? { locale, code } : { code };
  }
  if (locales.includes('km') && looksKhmer(`${item.title} ${item.content.slice(0, 2000)}`)) return { locale: 'km' };
  return { locale: fallback };
}

/** Translation groups from Polylang's `post_translations` terms: post id → group key. */
export function polylangGroups(term: WxrTerm, into: Map<string, string>): void {
  if (term.taxonomy !== 'post_translations') return;
  for (const [, id] of phpArrayPairs(term.description)) if (id) into.set(id, `pll:${term.slug}`);
}

/** The key that gathers an item with its translations: one group per Dove item. */
export function groupKeyOf(item: WxrItem, polylang: ReadonlyMap<string, string>): string {
  const fromTerm = polylang.get(item.postId);
  if (fromTerm) return fromTerm;
  const ref = item.categories.find((c) => c.domain === 'post_translations');
  if (ref) return `pll:${ref.nicename}`;
  const wpml = item.meta.get('_wpml_import_translation_group')?.trim();
  if (wpml) return `wpml:${wpml}`;
  const original = item.meta.get('_icl_lang_duplicate_of')?.trim();
  if (original) return `post:${original}`;
  return `post:${item.postId}`;
}
