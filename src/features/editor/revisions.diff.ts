import { diffWords } from 'diff';
import { htmlToText } from '../../web/rich-text.js';
import type { ItemSnapshot } from './editor.repository.js';
import type { ContentTypeDescriptor } from './editor.types.js';

export interface DiffPart {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

export interface FieldDiff {
  name: string;
  parts: DiffPart[];
}

/** Rich text is compared as its words; the markup would drown the change. */
const textOf = (value: unknown, rich: boolean) => (value == null ? '' : rich ? htmlToText(String(value)) : String(value));

/** Word-level changes of each text field of one language between two versions. */
export function diffLanguage(type: ContentTypeDescriptor, from: ItemSnapshot, to: ItemSnapshot, locale: string): FieldDiff[] {
  const a = from.translations[locale] ?? {};
  const b = to.translations[locale] ?? {};
  const out: FieldDiff[] = [];
  for (const field of type.localeFields) {
    const rich = field.widget === 'richtext';
    const before = textOf(a[field.name], rich);
    const after = textOf(b[field.name], rich);
    if (before === after) continue;
    out.push({
      name: field.name,
      parts: diffWords(before, after).map((c) => ({ kind: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value })),
    });
  }
  return out;
}

/** Changes of the item's own fields (status, dates, kind …), as before → after pairs. */
export function diffItemFields(from: ItemSnapshot, to: ItemSnapshot): Array<{ name: string; before: string; after: string }> {
  const names = new Set([...Object.keys(from.item), ...Object.keys(to.item)]);
  const out = [];
  for (const name of names) {
    const before = from.item[name] == null ? '' : String(from.item[name]);
    const after = to.item[name] == null ? '' : String(to.item[name]);
    if (before !== after) out.push({ name, before, after });
  }
  if (from.topicIds.join(',') !== to.topicIds.join(',')) out.push({ name: 'topicIds', before: from.topicIds.join(', '), after: to.topicIds.join(', ') });
  return out;
}
