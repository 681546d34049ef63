import { typeSectionLabel } from '../content-types/content-types.messages.js';
import type { ComponentChildren } from 'preact';
import { languageName } from '../../i18n/language-names.js';
import type { Locale } from '../../i18n/locales.js';
import { formatDateTime } from '../../i18n/format.js';
import { Pagination, queryString } from '../../web/components/pagination.js';
import { adminMessages } from '../admin/admin.messages.js';
import { FlashNotice } from '../admin/flash-notice.js';
import { editorMessages } from './editor.messages.js';
import type { Choice, FieldErrors, FormValues } from './editor.form-data.js';
import type { ListRow, ListSort } from './editor.repository.js';
import type { ContentTypeDescriptor, FieldSpec } from './editor.types.js';
import { DocumentFields, PhotoFields } from './editor.attachments.views.js';
import { FieldError } from './field-error.js';
import { FieldUpload } from './field-upload.js';

export const typeTitle = (type: ContentTypeDescriptor, locale: Locale) => typeSectionLabel(type.key, locale);

/** An item's name in the user's language, else in any language it has. */
export const titleIn = (titles: Record<string, string>, locale: Locale) => titles[locale] ?? Object.values(titles)[0] ?? '—';

const INPUT_TYPES: Partial<Record<FieldSpec['widget'], 'date' | 'datetime-local' | 'number' | 'url'>> = {
  date: 'date',
  datetime: 'datetime-local',
  number: 'number',
  url: 'url',
};

interface FieldProps {
  field: FieldSpec;
  name: string;
  values: FormValues;
  errors: FieldErrors;
  locale: Locale;
  type: ContentTypeDescriptor;
  choices: Record<string, Choice[]>;
  /** The item's languages (an image uploaded from the form is described in each). */
  locales: readonly Locale[];
}

function Field({ field, name, values, errors, locale, type, choices, locales }: FieldProps) {
  const t = editorMessages[locale];
  const id = `f-${name.replace(/\W/g, '-')}`;
  const raw = values[name];
  const value = Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? '');
  const error = errors[name];
  const described = error ? `${id}-error` : undefined;
  const label = t[field.label];
  if (field.widget === 'checkbox') {
    return (
      <div class="field field--checkbox">
        <input type="checkbox" id={id} name={name} value="1" checked={value !== ''} aria-describedby={described} />
        <label for={id}>{label}</label>
        <FieldError id={id} error={error} locale={locale} />
      </div>
    );
  }
  if (field.widget === 'topics') {
    const selected = new Set(Array.isArray(raw) ? raw : raw ? [raw] : []);
    return (
      <fieldset class="field field--choices">
        <legend>{label}</legend>
        {(choices.topics ?? []).map((c) => (
          <label>
            <input type="checkbox" name={name} value={String(c.id)} checked={selected.has(String(c.id))} /> {c.label}
          </label>
        ))}
        <FieldError id={id} error={error} locale={locale} />
      </fieldset>
    );
  }
  const common = { id, name, required: field.required ?? false, ...(error ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${id}-error` } : {}) };
  let control;
  if (field.widget === 'textarea' || field.widget === 'richtext') {
    control = <textarea {...common} rows={field.widget === 'richtext' ? 16 : 3} data-rich-text={field.widget === 'richtext' ? '' : undefined} value={value} />;
  } else if (field.widget === 'select' || field.widget === 'relation' || field.widget === 'image') {
    const optionLabel = field.optionLabel ?? type.optionLabel;
    const options =
      field.widget === 'select'
        ? (field.options ?? []).map((o) => ({ value: o, label: optionLabel?.(o, locale) ?? o }))
        : (choices[field.name] ?? []).map((c) => ({ value: String(c.id), label: c.label }));
    control = (
      <select {...common}>
        {!field.required && <option value="">{t.none}</option>}
        {options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else {
    const inputType = INPUT_TYPES[field.widget] ?? 'text';
    control = <input {...common} type={inputType as "text"} value={value} {...(field.maxLength ? { maxLength: field.maxLength } : {})} />;
  }
  return (
    <div class={`field${error ? ' field--invalid' : ''}`}>
      <label for={id}>{label}</label>
      {control}
      <FieldError id={id} error={error} locale={locale} />
      {field.widget === 'image' && <FieldUpload target={id} kind="image" locale={locale} contentLocales={locales} />}
    </div>
  );
}

export interface ItemFormProps {
  type: ContentTypeDescriptor;
  locale: Locale;
  locales: readonly Locale[];
  action: string;
  csrfToken: string;
  version: number;
  values: FormValues;
  errors: FieldErrors;
  choices: Record<string, Choice[]>;
  /** What the user may press besides "save". */
  canSubmit: boolean;
  canPublish: boolean;
  /** Set when the save was refused because a newer version exists. */
  conflict?: { compareUrl: string };
  /** The "Email subscribers" checkbox (news, publications, events), for those who may publish. */
  notifySubscribers?: ComponentChildren;
}

/** The title inputs the address is made from, in the order the server picks one (English first). */
function titleInputs(type: ContentTypeDescriptor, locales: readonly Locale[]): string {
  const ordered = [...locales].sort((a, b) => Number(b === 'en') - Number(a === 'en'));
  return ordered.map((l) => `${l}.${type.titleField}`).join(' ');
}

/**
 * The address, after the titles it is made from. Left empty, the server makes it from the
 * title; the editor script fills it as the title is typed (`data-slug-from`), until someone
 * types an address of their own, and never for an item that has one already.
 */
function SlugField(props: Omit<FieldProps, 'field' | 'name'> & { titleInputs: string }) {
  const t = editorMessages[props.locale];
  const value = String(props.values.slug ?? '');
  const error = props.errors.slug;
  return (
    <div class={`field${error ? ' field--invalid' : ''}`}>
      <label for="f-slug">{t.slug}</label>
      <input
        id="f-slug"
        name="slug"
        type="text"
        maxLength={200}
        value={value}
        data-slug-from={props.titleInputs}
        data-slug-auto={value === '' ? '' : undefined}
        aria-describedby={error ? 'f-slug-error f-slug-help' : 'f-slug-help'}
        {...(error ? { 'aria-invalid': 'true' as const } : {})}
      />
      <p class="field-help" id="f-slug-help">{t.slugHelp}</p>
      <FieldError id="f-slug" error={error} locale={props.locale} />
    </div>
  );
}

export function ItemForm(props: ItemFormProps) {
  const { type, locale, locales, values, errors } = props;
  const t = editorMessages[locale];
  const hasErrors = Object.keys(errors).length > 0;
  const shared = { values, errors, locale, type, choices: props.choices, locales };
  return (
    <form method="post" action={props.action} class="editor-form" novalidate>
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      <input type="hidden" name="_version" value={String(props.version)} />
      {props.conflict && (
        <div class="notice notice--error" role="alert">
          <p>{t.conflict}</p>
          <p>
            <a href={props.conflict.compareUrl}>{t.compareVersions}</a>
          </p>
        </div>
      )}
      {hasErrors && (
        <div class="notice notice--error" role="alert">
          <p>{adminMessages[locale].errorSummary}</p>
          {errors._languages && <p>{t[errors._languages]}</p>}
        </div>
      )}
      <p class="field-help">{t.languageOptional}</p>
      <div class="split editor-languages">
        {locales.map((l) => (
          <fieldset class="editor-language" lang={l}>
            <legend lang={locale}>{languageName(l, locale)}</legend>
            {type.localeFields.map((f) => (
              <Field {...shared} field={f} name={`${l}.${f.name}`} />
            ))}
            {type.attachment === 'documents' && <DocumentFields {...shared} contentLocale={l} />}
          </fieldset>
        ))}
      </div>
      <fieldset class="editor-form__common">
        <legend>{t.common}</legend>
        <SlugField {...shared} titleInputs={titleInputs(type, locales)} />
        {type.workflow === 'full' && <Field {...shared} field={{ name: 'publishedAt', label: 'publishedAt', widget: 'datetime' }} name="publishedAt" />}
        {type.fields.map((f) => (
          <Field {...shared} field={f} name={f.name} />
        ))}
        {type.attachment === 'photos' && <PhotoFields {...shared} />}
      </fieldset>
      {props.canPublish && props.notifySubscribers}
      <div class="editor-form__actions">
        <button type="submit" name="intent" value="save">
          {t.saveDraft}
        </button>
        {props.canSubmit && type.workflow !== 'none' && (
          <button type="submit" name="intent" value="submit">
            {t.submitForReview}
          </button>
        )}
        {props.canPublish && type.workflow !== 'none' && (
          <button type="submit" name="intent" value="publish">
            {t.publish}
          </button>
        )}
      </div>
    </form>
  );
}

export interface ItemListProps {
  type: ContentTypeDescriptor;
  locale: Locale;
  timeZone: string;
  rows: ListRow[];
  query: { q?: string | undefined; status?: string | undefined; kind?: string | undefined; sort: ListSort };
  page: number;
  totalPages: number;
  canCreate: boolean;
  /** The confirmation of a deletion that redirected here. */
  notice?: string | undefined;
}

export function ItemList({ type, locale, timeZone, rows, query, page, totalPages, canCreate, notice }: ItemListProps) {
  const t = editorMessages[locale];
  const base = type.adminPath;
  // Page links keep the search, filters and sort; the defaults stay out of the address.
  const hrefFor = (p: number) =>
    `${base}${queryString({ q: query.q, status: query.status, kind: query.kind, sort: query.sort === 'updated' ? undefined : query.sort, page: p > 1 ? p : undefined })}`;
  return (
    <>
      <FlashNotice text={notice} />
      <header class="page-header">
        <h1>{typeTitle(type, locale)}</h1>
        {canCreate && <a class="button" href={`${base}/new`}>{t.newItem}</a>}
      </header>
      <form class="filters" method="get" action={base}>
        <label>
          {t.searchTitles} <input type="search" name="q" value={query.q ?? ''} />
        </label>
        {type.workflow !== 'none' && (
          <select name="status" aria-label={t.status}>
            <option value="">{t.allStatuses}</option>
            {(['draft', 'in_review', 'scheduled', 'published'] as const).map((s) => (
              <option value={s} selected={query.status === s}>{t[s]}</option>
            ))}
          </select>
        )}
        {type.filter && (
          <select name="kind" aria-label={t.allKinds}>
            <option value="">{t.allKinds}</option>
            {type.filter.options.map((o) => (
              <option value={o} selected={query.kind === o}>{type.optionLabel?.(o, locale) ?? o}</option>
            ))}
          </select>
        )}
        <select name="sort" aria-label={t.sortBy}>
          <option value="updated" selected={query.sort === 'updated'}>{t.sortUpdated}</option>
          <option value="title" selected={query.sort === 'title'}>{t.sortTitle}</option>
          {type.dateColumn && <option value="date" selected={query.sort === 'date'}>{t.sortDate}</option>}
        </select>
        <button type="submit">{t.filter}</button>
      </form>
      {rows.length === 0 ? (
        <p>{t.noItems}</p>
      ) : (
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">{t.sortTitle}</th>
              {type.workflow !== 'none' && <th scope="col">{t.status}</th>}
              {type.workflow !== 'none' && <th scope="col">{t.updated}</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>
                  <a href={`${base}/${r.id}`} lang={r.titles[locale] ? locale : Object.keys(r.titles)[0]}>{titleIn(r.titles, locale)}</a>
                </td>
                {r.status && <td><span class={`badge badge--${r.status}`}>{t[r.status as 'draft']}</span></td>}
                {r.updatedAt && <td>{formatDateTime(r.updatedAt, locale, timeZone)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination locale={locale} page={page} totalPages={totalPages} hrefFor={hrefFor} />
    </>
  );
}

export function DeleteConfirm({ type, locale, title, itemId, csrfToken }: { type: ContentTypeDescriptor; locale: Locale; title: string; itemId: number; csrfToken: string }) {
  const t = editorMessages[locale];
  return (
    <form method="post" action={`${type.adminPath}/${itemId}/delete`} class="confirm">
      <h1>{t.deleteTitle(title)}</h1>
      <p>{t.deleteHelp}</p>
      <input type="hidden" name="_csrf" value={csrfToken} />
      <button type="submit" class="button--danger">{t.confirmDelete}</button> <a href={`${type.adminPath}/${itemId}`}>{t.cancel}</a>
    </form>
  );
}
