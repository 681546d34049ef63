import { CONTENT_TYPE_DESCRIPTIONS, type ContentType, type ContentTypeKey } from '../content-types/content-types.js';
import type { FieldSpec as DescribedField } from '../content-types/type-description.js';
import type { EditorLabel } from './editor.messages.js';

export { CONTENT_TYPE_KEYS, type ContentTypeKey, type Workflow } from '../content-types/content-types.js';
export type { Widget } from '../content-types/type-description.js';
export { LICENCE_IDS } from '../content-types/fields.js';

/** A field of a type's description, its label one of the editor's and its relation a registered type. */
export interface FieldSpec extends DescribedField {
  label: EditorLabel;
  relation?: ContentTypeKey;
}

/**
 * What the editors' workspace knows of a content type: its description
 * (`<feature>/<feature>.type.ts`), with the fields of an item and of each language. Routes,
 * forms, saving, revisions and previews are written once over these descriptors.
 */
export interface ContentTypeDescriptor extends ContentType {
  fields: readonly FieldSpec[];
  localeFields: readonly FieldSpec[];
}

// Fails tsc when a description names a field label the editor's catalogue lacks, or relates to an unregistered type.
const descriptors = CONTENT_TYPE_DESCRIPTIONS satisfies readonly ContentTypeDescriptor[];

export const CONTENT_TYPES: readonly ContentTypeDescriptor[] = descriptors;

export function findContentType(key: string): ContentTypeDescriptor | undefined {
  return CONTENT_TYPES.find((d) => d.key === key);
}

/** The descriptor of a type by its key (every registered type has one). */
export function descriptorOf(key: ContentTypeKey): ContentTypeDescriptor {
  return findContentType(key)!;
}
