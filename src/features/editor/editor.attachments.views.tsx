import type { Locale } from '../../i18n/locales.js';
import { FileTextNote } from '../search/file-texts.views.js';
import { documentField, documentLabelField, PHOTO_ORDER_FIELD, PHOTOS_FIELD } from './editor.attachments.js';
import type { Choice, FieldErrors, FormValues } from './editor.form-data.js';
import { editorMessages } from './editor.messages.js';
import { FieldError } from './field-error.js';
import { FieldUpload } from './field-upload.js';

interface AttachmentProps {
  values: FormValues;
  errors: FieldErrors;
  locale: Locale;
  choices: Record<string, Choice[]>;
}

const first = (v: FormValues[string]) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const invalid = (id: string, error: unknown) => (error ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${id}-error` } : {});

/** A publication's document in one language: a PDF or office document of the library and its link text. */
export function DocumentFields({ values, errors, locale, choices, contentLocale }: AttachmentProps & { contentLocale: string }) {
  const t = editorMessages[locale];
  const name = documentField(contentLocale);
  const labelName = documentLabelField(contentLocale);
  const id = `f-${name}`;
  const labelId = `f-${labelName}`;
  const value = first(values[name]);
  return (
    <>
      <div class={`field${errors[name] ? ' field--invalid' : ''}`}>
        <label for={id} lang={locale}>{t.document}</label>
        <select id={id} name={name} {...invalid(id, errors[name])}>
          <option value="">{t.none}</option>
          {(choices.documents ?? []).map((c) => (
            <option value={String(c.id)} selected={String(c.id) === value}>
              {c.label}
            </option>
          ))}
        </select>
        <FieldError id={id} error={errors[name]} locale={locale} />
        <FileTextNote state={(choices.documents ?? []).find((c) => String(c.id) === value)?.fileText} locale={locale} />
        <FieldUpload target={id} kind="document" locale={locale} contentLocales={[]} />
      </div>
      <div class={`field${errors[labelName] ? ' field--invalid' : ''}`}>
        <label for={labelId} lang={locale}>{t.documentLabel}</label>
        <input type="text" id={labelId} name={labelName} value={first(values[labelName])} maxLength={300} {...invalid(labelId, errors[labelName])} />
        <FieldError id={labelId} error={errors[labelName]} locale={locale} />
      </div>
    </>
  );
}

/** An album's photos: library images to tick, and their order as a list of file numbers. */
export function PhotoFields({ values, errors, locale, choices }: AttachmentProps) {
  const t = editorMessages[locale];
  const raw = values[PHOTOS_FIELD];
  const selected = new Set(Array.isArray(raw) ? raw : raw ? [raw] : []);
  const orderId = `f-${PHOTO_ORDER_FIELD}`;
  return (
    <>
      <fieldset class={`field field--choices${errors[PHOTOS_FIELD] ? ' field--invalid' : ''}`}>
        <legend>{t.photos}</legend>
        {(choices.photos ?? []).map((c) => (
          <label>
            <input type="checkbox" name={PHOTOS_FIELD} value={String(c.id)} checked={selected.has(String(c.id))} /> {`${c.id} · ${c.label}`}
          </label>
        ))}
        <FieldError id={`f-${PHOTOS_FIELD}`} error={errors[PHOTOS_FIELD]} locale={locale} />
      </fieldset>
      <div class={`field${errors[PHOTO_ORDER_FIELD] ? ' field--invalid' : ''}`}>
        <label for={orderId}>{t.photoOrder}</label>
        <input type="text" id={orderId} name={PHOTO_ORDER_FIELD} value={first(values[PHOTO_ORDER_FIELD])} {...invalid(orderId, errors[PHOTO_ORDER_FIELD])} />
        <FieldError id={orderId} error={errors[PHOTO_ORDER_FIELD]} locale={locale} />
      </div>
    </>
  );
}
