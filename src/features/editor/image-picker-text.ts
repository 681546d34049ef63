/*
 * Shared by the server, which writes the image dialog's texts into the editor page, and the
 * browser code that builds the dialog from them (bundled from client/; no imports here).
 */

/** The name of the meta element that carries the texts, as JSON. */
export const IMAGE_PICKER_META = 'dove-image-picker';

/** What the dialog says, in the admin's language, with an alt-text label per content language. */
export interface ImagePickerText {
  title: string;
  library: string;
  search: string;
  searchButton: string;
  loading: string;
  none: string;
  failed: string;
  altRequired: string;
  insert: string;
  back: string;
  close: string;
  /** The label of the alt-text field, by the language the alt text is written in. */
  altLabels: Record<string, string>;
  /** The content languages, in the configured order (the first that has an alt text stands in). */
  languages: readonly string[];
}
