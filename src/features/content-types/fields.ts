import { licenceInfo } from '../../web/components/licence.js';
import type { FieldSpec } from './type-description.js';

/** Fields several content types share; a type's description lists them beside its own. */

export const titled = [
  { name: 'title', label: 'title', widget: 'text', required: true, maxLength: 300 },
  { name: 'summary', label: 'summary', widget: 'textarea', maxLength: 1000 },
  { name: 'bodyHtml', label: 'body', widget: 'richtext', maxLength: 200_000 },
] as const satisfies readonly FieldSpec[];
/** The licences an item may carry (`src/web/components/licence.tsx` names them); the first is the default. */
export const LICENCE_IDS = ['CC-BY-4.0', 'CC-BY-SA-4.0', 'CC-BY-NC-4.0', 'CC-BY-NC-ND-4.0', 'CC0-1.0', 'all-rights-reserved'] as const;
// Licence names are the licences' own (English) titles, whatever the editor's language.
export const licence = {
  name: 'licence', label: 'licence', widget: 'select', required: true, options: LICENCE_IDS, defaultValue: LICENCE_IDS[0],
  optionLabel: (v: string) => licenceInfo(v).name,
} as const satisfies FieldSpec;
/** An image from the media library; publishing needs its alt text in the item's languages. */
export const cover = { name: 'coverFileId', label: 'coverImage', widget: 'image' } as const satisfies FieldSpec;
export const location = { name: 'location', label: 'location', widget: 'text', maxLength: 300 } as const satisfies FieldSpec;
export const sortOrder = { name: 'sortOrder', label: 'sortOrder', widget: 'number' } as const satisfies FieldSpec;
/** Readers' comments on the item (migration 0008): on by default for news, off for publications. */
export const comments = (on: boolean) =>
  ({ name: 'commentsEnabled', label: 'commentsEnabled', widget: 'checkbox', ...(on ? { defaultValue: '1' } : {}) }) as const satisfies FieldSpec;
