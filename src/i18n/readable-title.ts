/*
 * Titles imported from old sites and file names sometimes arrive in capitals ("FORCED EVICTIONS
 * IN CAMBODIA") or with underscores for spaces ("Joint Submission_4th UPR_Labour"). They are
 * shown in a readable form; the stored title is left as the editor or the import wrote it.
 */

/** Words kept in lower case inside an English title. */
const MINOR_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'but', 'by', 'for', 'from', 'in', 'into', 'nor', 'of', 'on', 'or', 'the', 'to', 'with', 'vs']);
/** Enough letters that a run of capitals is a shouted title rather than an acronym ("CCHR", "UPR"). */
const MIN_SHOUTED_LETTERS = 8;

function isAllCaps(title: string): boolean {
  const letters = title.match(/\p{L}/gu) ?? [];
  const cased = letters.filter((ch) => ch.toLowerCase() !== ch.toUpperCase());
  return cased.length >= MIN_SHOUTED_LETTERS && cased.every((ch) => ch === ch.toUpperCase());
}

function titleCase(title: string): string {
  let first = true;
  return title.toLowerCase().replace(/\p{L}[\p{L}\p{M}'’]*/gu, (word) => {
    const keepLower = !first && MINOR_WORDS.has(word);
    first = false;
    return keepLower ? word : word[0]!.toUpperCase() + word.slice(1);
  });
}

/**
 * Titles already made readable: a list shows the same titles on every request, and telling a
 * shouted title from another reads every letter. Bounded by emptying when full, as the
 * formatted dates are (format.ts).
 */
const readable = new Map<string, string>();
const MAX_READABLE = 20_000;

/**
 * The title as readers should see it: underscores used as spaces become spaces, and a title in
 * capitals only becomes title case. Any other title (Khmer among them) is returned unchanged.
 */
export function readableTitle(title: string): string {
  let text = readable.get(title);
  if (text === undefined) {
    const spaced = /[^\s_]_+[^\s_]/u.test(title) ? title.replace(/\s*_+\s*/g, ' ').trim() : title;
    text = isAllCaps(spaced) ? titleCase(spaced) : spaced;
    if (readable.size >= MAX_READABLE) readable.clear();
    readable.set(title, text);
  }
  return text;
}
