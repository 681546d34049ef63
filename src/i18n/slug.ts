/** Longest slug made from a title; longer titles are cut at a word boundary. */
export const MAX_SLUG_LENGTH = 80;

/**
 * A readable ASCII slug from a title: lowercase words joined by hyphens, diacritics folded
 * ("Café" → "cafe"). Khmer script has no agreed romanisation, so a title with no Latin
 * letters gives `fallback` (for example `publication-42`).
 */
export function slugify(title: string, fallback: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX_SLUG_LENGTH) break;
    slug = next;
  }
  return slug || fallback;
}

/** Adds -2, -3, … until `isTaken` says no. */
export async function uniqueSlug(base: string, isTaken: (slug: string) => Promise<boolean>): Promise<string> {
  let candidate = base;
  for (let n = 2; await isTaken(candidate); n += 1) candidate = `${base}-${n}`;
  return candidate;
}
