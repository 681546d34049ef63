import type { Locale } from '../../i18n/locales.js';
import type { PublicCommentRow } from './comments.repository.js';

/** A piece of a comment's text: words as typed, or a web address to link. */
export type TextPart = { text: string } | { href: string; text: string };

/** A paragraph of a comment: its lines, each split into text and links. */
export type CommentParagraph = TextPart[][];

export interface CommentView {
  id: number;
  locale: Locale;
  authorName: string;
  createdAt: string;
  paragraphs: CommentParagraph[];
}

// http(s) addresses and bare "www." ones; the address ends at a space, a quote or an angle bracket.
const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/gi;
/** Punctuation that usually closes the sentence rather than the address. */
const TRAILING = /[.,;:!?)\]}'"»”’។៕]+$/u;

function hrefOf(candidate: string): string | undefined {
  try {
    const url = new URL(candidate.startsWith('www.') ? `https://${candidate}` : candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Splits a line into text and web links; the text stays text (the view escapes it). */
export function linkifyLine(line: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of line.matchAll(URL_PATTERN)) {
    let candidate = match[0];
    const trailing = TRAILING.exec(candidate)?.[0] ?? '';
    // Keep a closing parenthesis that belongs to the address (Wikipedia-style links).
    candidate = candidate.slice(0, candidate.length - trailing.length);
    if (trailing.startsWith(')') && candidate.includes('(') && !candidate.includes(')')) candidate += ')';
    const href = hrefOf(candidate);
    if (!href) continue;
    const start = match.index;
    if (start > last) parts.push({ text: line.slice(last, start) });
    parts.push({ href, text: candidate });
    last = start + candidate.length;
  }
  if (last < line.length) parts.push({ text: line.slice(last) });
  return parts;
}

/** Blank lines separate paragraphs; single line breaks are kept inside one. */
export function presentCommentBody(body: string): CommentParagraph[] {
  return body
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => p.split('\n').map(linkifyLine));
}

/** A public comment: the name, the date and the text. There is no email to leak: the row has none. */
export function presentComment(row: PublicCommentRow): CommentView {
  return {
    id: row.id,
    locale: row.locale as Locale,
    authorName: row.authorName,
    createdAt: row.createdAt,
    paragraphs: presentCommentBody(row.body),
  };
}
