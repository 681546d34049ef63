import type { Locale } from '../../i18n/locales.js';
import { editorMessages, type EditorLabel } from './editor.messages.js';

/** What is wrong with a field, under it; `id` is the field's, so the input can point here with aria-describedby. */
export function FieldError({ id, error, locale }: { id: string; error: EditorLabel | undefined; locale: Locale }) {
  return error ? (
    <p class="field-error" id={`${id}-error`}>
      {editorMessages[locale][error]}
    </p>
  ) : null;
}
