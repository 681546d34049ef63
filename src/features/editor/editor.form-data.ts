import type { FileTextRow } from '../search/file-texts.repository.js';
import type { EditorLabel } from './editor.messages.js';

/**
 * What an item's form carries between its parsers, its views and its routes. It sits below all
 * of them (it imports none), so the attachments' parser and views can share it with the form's.
 */

/** The form as posted: every field a string (topics a list), kept as typed for a re-render. */
export type FormValues = Record<string, string | string[] | undefined>;
/** Field name → message key, shown beside the field. */
export type FieldErrors = Record<string, EditorLabel>;

/** One option of a picker: a library file, or an item of another type. */
export interface Choice {
  id: number;
  label: string;
  /** A PDF's text for search, while it is being read or when it could not be. */
  fileText?: Pick<FileTextRow, 'state' | 'reason'>;
}
