import { diffArrays, diffWords } from 'diff';
import { htmlToParagraphs } from '../../web/rich-text.js';
import type { ItemSnapshot } from './editor.repository.js';
import type { EditorLabel } from './editor.messages.js';
import type { ContentTypeDescriptor } from './editor.types.js';

export interface DiffPart {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** A paragraph of a compared field: changed within (word by word), new, gone, or a run left as it was. */
export type ParagraphDiff =
  | { kind: 'changed' | 'added' | 'removed'; parts: DiffPart[] }
  | { kind: 'unchanged'; count: number };

export interface FieldDiff {
  /** The field's label in the editor's catalogue. */
  label: EditorLabel;
  paragraphs: ParagraphDiff[];
}

const wordDiff = (before: string, after: string): DiffPart[] =>
  diffWords(before, after).map((c) => ({ kind: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value }));

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** Whether two paragraphs are one paragraph edited: more than half the words of the longer one are kept. */
function isEdit(before: string, after: string): boolean {
  const kept = diffWords(before, after).reduce((n, c) => (c.added || c.removed ? n : n + wordCount(c.value)), 0);
  return kept > Math.max(wordCount(before), wordCount(after)) / 2;
}

/**
 * A run of paragraphs replaced by another: a paragraph that is an edit of one before it is
 * compared word by word; the others are new or gone, in the order of the text.
 */
function pairRewrites(removed: string[], added: string[]): ParagraphDiff[] {
  const out: ParagraphDiff[] = [];
  let r = 0;
  added.forEach((text, k) => {
    // Old paragraphs that no later new one edits are gone.
    while (r < removed.length && !isEdit(removed[r]!, text) && !added.slice(k + 1).some((later) => isEdit(removed[r]!, later))) {
      out.push({ kind: 'removed', parts: [{ kind: 'removed', text: removed[r]! }] });
      r += 1;
    }
    if (r < removed.length && isEdit(removed[r]!, text)) {
      out.push({ kind: 'changed', parts: wordDiff(removed[r]!, text) });
      r += 1;
    } else out.push({ kind: 'added', parts: [{ kind: 'added', text }] });
  });
  for (; r < removed.length; r += 1) out.push({ kind: 'removed', parts: [{ kind: 'removed', text: removed[r]! }] });
  return out;
}

/**
 * Paragraph-aware changes: the paragraphs are matched first, so an inserted paragraph shows
 * as one new paragraph and not as words strewn over its neighbours; a paragraph replaced by
 * another is compared word by word; runs of unchanged paragraphs are only counted.
 */
export function diffParagraphs(before: string[], after: string[]): ParagraphDiff[] {
  const out: ParagraphDiff[] = [];
  const changes = diffArrays(before, after);
  for (let i = 0; i < changes.length; i += 1) {
    const change = changes[i]!;
    if (!change.added && !change.removed) {
      out.push({ kind: 'unchanged', count: change.value.length });
      continue;
    }
    const next = changes[i + 1];
    if (change.removed && next?.added) {
      // Removed then added: the same place rewritten.
      out.push(...pairRewrites(change.value, next.value));
      i += 1;
      continue;
    }
    const kind = change.added ? 'added' : 'removed';
    for (const text of change.value) out.push({ kind, parts: [{ kind, text }] });
  }
  return out;
}

/** A field's value as paragraphs: rich text by its blocks (the markup would drown the change), other text whole. */
const paragraphsOf = (value: unknown, rich: boolean): string[] => {
  if (value == null || value === '') return [];
  return rich ? htmlToParagraphs(String(value)) : [String(value)];
};

/** The changes of each text field of one language between two versions. */
export function diffLanguage(type: ContentTypeDescriptor, from: ItemSnapshot, to: ItemSnapshot, locale: string): FieldDiff[] {
  const a = from.translations[locale] ?? {};
  const b = to.translations[locale] ?? {};
  const out: FieldDiff[] = [];
  for (const field of type.localeFields) {
    const rich = field.widget === 'richtext';
    const before = paragraphsOf(a[field.name], rich);
    const after = paragraphsOf(b[field.name], rich);
    if (before.join('\n') === after.join('\n')) continue;
    // A one-line field (a title, a summary) is one paragraph however much of it changed.
    const paragraphs = rich ? diffParagraphs(before, after) : [{ kind: 'changed' as const, parts: wordDiff(before.join(''), after.join('')) }];
    out.push({ label: field.label, paragraphs });
  }
  return out;
}

/** Item fields that are the record's own bookkeeping, not something an editor changed. */
const BOOKKEEPING = new Set(['id', 'createdAt', 'updatedAt', 'version']);

/** The label of an item field: the type's own, or one of the fields every item has. */
function itemFieldLabel(type: ContentTypeDescriptor, name: string): EditorLabel | undefined {
  const common: Record<string, EditorLabel> = { slug: 'slug', status: 'status', publishedAt: 'publishedAt', topicIds: 'topics' };
  return type.fields.find((f) => f.name === name)?.label ?? common[name];
}

/** Changes of the item's own fields (status, dates, kind …), as before → after pairs under their labels. */
export function diffItemFields(type: ContentTypeDescriptor, from: ItemSnapshot, to: ItemSnapshot): Array<{ name: string; label: EditorLabel | undefined; before: string; after: string }> {
  const names = new Set([...Object.keys(from.item), ...Object.keys(to.item)]);
  const out = [];
  for (const name of names) {
    if (BOOKKEEPING.has(name)) continue;
    const before = from.item[name] == null ? '' : String(from.item[name]);
    const after = to.item[name] == null ? '' : String(to.item[name]);
    if (before !== after) out.push({ name, label: itemFieldLabel(type, name), before, after });
  }
  if (from.topicIds.join(',') !== to.topicIds.join(',')) out.push({ name: 'topicIds', label: 'topics' as const, before: from.topicIds.join(', '), after: to.topicIds.join(', ') });
  return out;
}
