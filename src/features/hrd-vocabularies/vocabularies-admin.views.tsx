import { formatNumber } from '../../i18n/format.js';
import { LOCALE_INFO, type Locale } from '../../i18n/locales.js';
import { textIn } from '../../i18n/translation.js';
import type { TermForm, TermFormErrors } from './term-form.js';
import { HIERARCHICAL, localeField } from './term-form.js';
import { vocabulariesMessages, vocabularyNames } from './vocabularies.messages.js';
import { placeName, termLabel, type Place, type VocabularyTerm } from './vocabularies.repository.js';
import { VOCABULARIES, type PlaceLevel, type Vocabulary } from './vocabularies.tables.js';

export const ADMIN_PATH = '/admin/vocabularies';

function Notice({ text }: { text: string | undefined }) {
  return text ? (
    <p class="notice notice--success" role="status">
      {text}
    </p>
  ) : null;
}

export function VocabularyIndexPage(p: {
  locale: Locale;
  summary: Map<string, { total: number; retired: number }>;
  placeCounts: Record<PlaceLevel, number>;
}) {
  const t = vocabulariesMessages[p.locale];
  const names = vocabularyNames[p.locale];
  const n = (v: number) => formatNumber(v, p.locale);
  return (
    <>
      <header class="page-header">
        <h1>{t.title}</h1>
        <p class="lead">{t.intro}</p>
      </header>
      <table class="admin-table">
        <thead>
          <tr>
            <th scope="col">{t.title}</th>
            <th scope="col">{t.state}</th>
          </tr>
        </thead>
        <tbody>
          {VOCABULARIES.map((v) => {
            const s = p.summary.get(v) ?? { total: 0, retired: 0 };
            return (
              <tr>
                <th scope="row">
                  <a href={`${ADMIN_PATH}/${v}`}>{names[v]}</a>
                </th>
                <td>
                  {t.terms(n(s.total))}
                  {s.retired > 0 && ` · ${t.retiredCount(n(s.retired))}`}
                </td>
              </tr>
            );
          })}
          <tr>
            <th scope="row">
              <a href={`${ADMIN_PATH}/places`}>{t.places}</a>
            </th>
            <td>{t.counts(n(p.placeCounts.province), n(p.placeCounts.district), n(p.placeCounts.commune))}</td>
          </tr>
        </tbody>
      </table>
    </>
  );
}

export function TermListPage(p: {
  locale: Locale;
  locales: readonly Locale[];
  vocabulary: Vocabulary;
  terms: VocabularyTerm[];
  usage: Map<number, number>;
  csrfToken: string;
  notice?: string;
}) {
  const t = vocabulariesMessages[p.locale];
  const name = vocabularyNames[p.locale][p.vocabulary];
  return (
    <>
      <p>
        <a href={ADMIN_PATH}>{t.back}</a>
      </p>
      <header class="page-header">
        <h1>{name}</h1>
      </header>
      <Notice text={p.notice} />
      <p>
        <a class="button" href={`${ADMIN_PATH}/${p.vocabulary}/new`}>
          {t.addTerm}
        </a>
      </p>
      <table class="admin-table">
        <thead>
          <tr>
            {p.locales.map((l) => (
              <th scope="col">{t.labelIn(LOCALE_INFO[l].nativeName)}</th>
            ))}
            <th scope="col">{t.code}</th>
            <th scope="col">{t.position}</th>
            <th scope="col">{t.state}</th>
            <th scope="col">{t.usage}</th>
            <th scope="col">{t.actions}</th>
          </tr>
        </thead>
        <tbody>
          {p.terms.map((term) => {
            const used = p.usage.get(term.id) ?? 0;
            return (
              <tr data-code={term.code} class={term.active ? undefined : 'is-retired'}>
                {p.locales.map((l, i) =>
                  i === 0 ? (
                    <th scope="row" lang={l}>
                      {term.parentId !== null && <span aria-hidden="true">— </span>}
                      {textIn(term.labels, l)}
                    </th>
                  ) : (
                    <td lang={l}>{textIn(term.labels, l)}</td>
                  ),
                )}
                <td>
                  <code>{term.code}</code>
                </td>
                <td>{formatNumber(term.position, p.locale)}</td>
                <td>{term.active ? t.active : t.retired}</td>
                <td>{formatNumber(used, p.locale)}</td>
                <td>
                  <a href={`${ADMIN_PATH}/terms/${term.id}/edit`}>{t.edit}</a>{' '}
                  <form class="inline-form" method="post" action={`${ADMIN_PATH}/terms/${term.id}/${term.active ? 'retire' : 'restore'}`}>
                    <input type="hidden" name="_csrf" value={p.csrfToken} />
                    <button type="submit">{term.active ? t.retire : t.restore}</button>
                  </form>{' '}
                  {used === 0 && (
                    <form class="inline-form" method="post" action={`${ADMIN_PATH}/terms/${term.id}/delete`}>
                      <input type="hidden" name="_csrf" value={p.csrfToken} />
                      <button type="submit" class="button--danger">
                        {t.delete}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

export function TermFormPage(p: {
  locale: Locale;
  locales: readonly Locale[];
  vocabulary: Vocabulary;
  term: VocabularyTerm | undefined;
  form: TermForm;
  errors: TermFormErrors;
  parents: VocabularyTerm[];
  csrfToken: string;
}) {
  const t = vocabulariesMessages[p.locale];
  const name = vocabularyNames[p.locale][p.vocabulary];
  const action = p.term ? `${ADMIN_PATH}/terms/${p.term.id}/edit` : `${ADMIN_PATH}/${p.vocabulary}/new`;
  const err = (key: string) =>
    p.errors[key] ? (
      <p class="field-error" id={`${key}-error`}>
        {t[p.errors[key]!]}
      </p>
    ) : null;
  const aria = (key: string) => (p.errors[key] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${key}-error` } : {});
  return (
    <>
      <p>
        <a href={`${ADMIN_PATH}/${p.vocabulary}`}>{t.backToList(name)}</a>
      </p>
      <header class="page-header">
        <h1>{p.term ? t.editTerm(termLabel(p.term, p.locale, p.locales)) : t.newTerm(name)}</h1>
      </header>
      {Object.keys(p.errors).length > 0 && (
        <p class="notice notice--error" role="alert">
          {t.errorSummary}
        </p>
      )}
      <form method="post" action={action} class="admin-form">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        {p.term ? (
          <div class="field">
            <p>
              <strong>{t.code}:</strong> <code>{p.term.code}</code>
            </p>
            <p class="field-help">{t.codeHelp}</p>
          </div>
        ) : (
          <div class="field">
            <label for="code">{t.code}</label>
            <input id="code" name="code" type="text" value={p.form.code} required maxLength={60} pattern="[a-z][a-z0-9_]{1,59}" {...aria('code')} />
            <p class="field-help">{t.codeHelp}</p>
            {err('code')}
          </div>
        )}
        {p.locales.map((l) => {
          const field = localeField('label', l);
          return (
            <div class="field" lang={l}>
              <label for={field}>{t.labelIn(LOCALE_INFO[l].nativeName)}</label>
              <input id={field} name={field} type="text" value={p.form.texts[field] ?? ''} required maxLength={200} {...aria(field)} />
              {err(field)}
            </div>
          );
        })}
        {p.locales.map((l) => {
          const field = localeField('description', l);
          return (
            <div class="field" lang={l}>
              <label for={field}>{t.descriptionIn(LOCALE_INFO[l].nativeName)}</label>
              <textarea id={field} name={field} rows={3} {...aria(field)}>
                {p.form.texts[field] ?? ''}
              </textarea>
              {err(field)}
            </div>
          );
        })}
        {HIERARCHICAL.includes(p.vocabulary) && (
          <div class="field">
            <label for="parentId">{t.parent}</label>
            <select id="parentId" name="parentId" {...aria('parentId')}>
              <option value="">{t.parentNone}</option>
              {p.parents.map((parent) => (
                <option value={String(parent.id)} selected={p.form.parentId === String(parent.id)}>
                  {termLabel(parent, p.locale, p.locales)}
                </option>
              ))}
            </select>
            {err('parentId')}
          </div>
        )}
        <div class="field">
          <label for="position">{t.position}</label>
          <input id="position" name="position" type="text" inputMode="numeric" value={p.form.position} {...aria('position')} />
          <p class="field-help">{t.positionHelp}</p>
          {err('position')}
        </div>
        <p>
          <button type="submit">{t.save}</button> <a href={`${ADMIN_PATH}/${p.vocabulary}`}>{t.cancel}</a>
        </p>
      </form>
    </>
  );
}

export function InUsePage({ locale, vocabulary, term, usage }: { locale: Locale; vocabulary: Vocabulary; term: VocabularyTerm; usage: number }) {
  const t = vocabulariesMessages[locale];
  return (
    <>
      <header class="page-header">
        <h1>{t.inUseTitle}</h1>
      </header>
      <p class="notice notice--error" role="alert">
        {termLabel(term, locale)}: {t.inUse(formatNumber(usage, locale))}
      </p>
      <p>
        <a href={`${ADMIN_PATH}/${vocabulary}`}>{t.backToList(vocabularyNames[locale][vocabulary])}</a>
      </p>
    </>
  );
}

export function PlacesPage(p: {
  locale: Locale;
  locales: readonly Locale[];
  parent: Place | undefined;
  grandparent: Place | undefined;
  places: Place[];
  notice?: string;
}) {
  const t = vocabulariesMessages[p.locale];
  const level = p.places[0]?.level ?? (p.parent?.level === 'province' ? 'district' : p.parent?.level === 'district' ? 'commune' : 'province');
  const heading = level === 'province' ? t.provinces : level === 'district' ? t.districts : t.communes;
  const up = p.parent ? (p.grandparent ? `${ADMIN_PATH}/places?parent=${p.grandparent.id}` : `${ADMIN_PATH}/places`) : ADMIN_PATH;
  return (
    <>
      <p>
        <a href={up}>{p.parent ? (p.grandparent ? placeName(p.grandparent, p.locale, p.locales) : t.provinces) : t.back}</a>
      </p>
      <header class="page-header">
        <h1>{p.parent ? `${placeName(p.parent, p.locale, p.locales)}: ${heading}` : t.places}</h1>
        {!p.parent && <p class="lead">{t.placesIntro}</p>}
      </header>
      <Notice text={p.notice} />
      <table class="admin-table">
        <caption>{heading}</caption>
        <thead>
          <tr>
            <th scope="col">{t.code}</th>
            {p.locales.map((l) => (
              <th scope="col">{t.nameIn(LOCALE_INFO[l].nativeName)}</th>
            ))}
            <th scope="col">{t.actions}</th>
          </tr>
        </thead>
        <tbody>
          {p.places.map((place) => (
            <tr data-code={place.code}>
              <td>
                <code>{place.code}</code>
              </td>
              {p.locales.map((l, i) =>
                i === 0 ? (
                  <th scope="row" lang={l}>
                    {textIn(place.names, l)}
                  </th>
                ) : (
                  <td lang={l}>{textIn(place.names, l)}</td>
                ),
              )}
              <td>
                {place.level !== 'commune' && <a href={`${ADMIN_PATH}/places?parent=${place.id}`}>{t.open}</a>}{' '}
                <a href={`${ADMIN_PATH}/places/${place.id}/edit`}>{t.edit}</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function PlaceFormPage(p: {
  locale: Locale;
  locales: readonly Locale[];
  place: Place;
  /** One name per configured locale, by form field (`nameEn`, `nameKm`, …). */
  form: Record<string, string>;
  errors: TermFormErrors;
  csrfToken: string;
}) {
  const t = vocabulariesMessages[p.locale];
  const back = p.place.parentId === null ? `${ADMIN_PATH}/places` : `${ADMIN_PATH}/places?parent=${p.place.parentId}`;
  const err = (key: string) =>
    p.errors[key] ? (
      <p class="field-error" id={`${key}-error`}>
        {t[p.errors[key]!]}
      </p>
    ) : null;
  return (
    <>
      <p>
        <a href={back}>{t.cancel}</a>
      </p>
      <header class="page-header">
        <h1>{t.editPlace(placeName(p.place, p.locale, p.locales))}</h1>
      </header>
      {Object.keys(p.errors).length > 0 && (
        <p class="notice notice--error" role="alert">
          {t.errorSummary}
        </p>
      )}
      <form method="post" action={`${ADMIN_PATH}/places/${p.place.id}/edit`} class="admin-form">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <div class="field">
          <p>
            <strong>{t.code}:</strong> <code>{p.place.code}</code>
          </p>
        </div>
        {p.locales.map((l) => {
          const key = localeField('name', l);
          return (
            <div class="field" lang={l}>
              <label for={key}>{t.nameIn(LOCALE_INFO[l].nativeName)}</label>
              <input
                id={key}
                name={key}
                type="text"
                value={p.form[key] ?? ''}
                required
                maxLength={200}
                aria-invalid={p.errors[key] ? 'true' : undefined}
                aria-describedby={p.errors[key] ? `${key}-error` : undefined}
              />
              {err(key)}
            </div>
          );
        })}
        <p>
          <button type="submit">{t.save}</button> <a href={back}>{t.cancel}</a>
        </p>
      </form>
    </>
  );
}
