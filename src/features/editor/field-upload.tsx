import { OFFICE_MIME_TYPES } from '../media/office-documents.js';
import { OFFICE_EXTENSIONS } from '../media/office-types.js';
import { languageName } from '../../i18n/language-names.js';
import type { Locale } from '../../i18n/locales.js';
import { fieldUploadMessages } from './field-upload.messages.js';

/** A publication's document: a PDF or one of the office formats the library cleans. */
const OFFICE_ACCEPT = [...OFFICE_MIME_TYPES, ...OFFICE_EXTENSIONS.map((extension) => `.${extension}`)].join(',');
/** The image types the library accepts, offered first in the browser's file dialog. */
const ACCEPT = { image: 'image/jpeg,image/png,image/webp,image/gif,image/avif', document: `application/pdf,.pdf,${OFFICE_ACCEPT}` } as const;
/** Stands for the file's name in the texts the script fills in. */
const NAME_SLOT = '{name}';

interface FieldUploadProps {
  /** The id of the picker (a select) the uploaded file is chosen in. */
  target: string;
  kind: 'image' | 'document';
  locale: Locale;
  /** The item's languages: a new image is described in each. */
  contentLocales: readonly Locale[];
}

/**
 * Uploading a file from the item's form, beside the picker of library files. The editor
 * script shows the control (hidden in the page) and sends the file with progress to
 * /admin/media/upload.json; the item form itself stays url-encoded, so without the script
 * the picker and the media library's own upload form do the job, as the fallback line says.
 * The control's inputs have no name: the item form never sends them.
 */
export function FieldUpload({ target, kind, locale, contentLocales }: FieldUploadProps) {
  const t = fieldUploadMessages[locale];
  const id = `${target}-upload`;
  return (
    <div class="field-upload" data-field-upload={target} lang={locale}>
      <p class="field-help field-upload__fallback">
        {t.fallbackBefore}
        <a href="/admin/media">{t.fallbackLink}</a>
        {t.fallbackAfter}
      </p>
      <div
        class="field-upload__control"
        hidden
        data-accept-kind={kind}
        data-text-uploading={t.uploading(NAME_SLOT)}
        data-text-done={t.done(NAME_SLOT)}
        data-text-failed={t.failed}
        data-text-forbidden={t.forbidden}
      >
        {kind === 'image' && (
          <fieldset class="field-upload__alts">
            <legend>{t.altFirst}</legend>
            {contentLocales.map((l) => (
              <label>
                {t.altIn(languageName(l, locale))}
                <input type="text" lang={l} maxLength={500} data-alt-locale={l} />
              </label>
            ))}
          </fieldset>
        )}
        <label for={id}>{kind === 'image' ? t.uploadImage : t.uploadDocument}</label>
        <input type="file" id={id} accept={ACCEPT[kind]} aria-describedby={`${id}-help ${id}-status`} />
        <p class="field-help" id={`${id}-help`}>{kind === 'image' ? t.helpImage : t.helpDocument}</p>
        <progress class="field-upload__progress" max={100} value={0} hidden aria-label={t.progress} />
        <p class="field-upload__status" id={`${id}-status`} aria-live="polite" />
      </div>
    </div>
  );
}
