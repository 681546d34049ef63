import { romanizeKhmer } from './khmer-romanize.js';

/** Longest slug made from a title; longer titles are cut at a word boundary. */
export const MAX_SLUG_LENGTH = 80;

/**
 * A readable ASCII slug from a title: lowercase words joined by hyphens, diacritics folded
 * ("Café" → "cafe"). A title with no Latin letters gives `fallback` (for example
 * `publication-42`); `slugFromTitle` spells Khmer words in Latin letters first.
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

/**
 * The slug an editor's item gets from its title: Khmer words in Latin letters
 * ("សិទ្ធិមនុស្ស" → "setthimnuss"), then as `slugify`. The editor's browser script runs this
 * same function to fill the address as a title is typed.
 */
export function slugFromTitle(title: string, fallback: string): string {
  return slugify(romanizeKhmer(title), fallback);
}

/** Adds -2, -3, … until `isTaken` says no. */
export async function uniqueSlug(base: string, isTaken: (slug: string) => Promise<boolean>): Promise<string> {
  let candidate = base;
  for (let n = 2; await isTaken(candidate); n += 1) candidate = `${base}-${n}`;
  return candidate;
}
