import { formatNumber } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import type { TermErrorKey, TermForm } from './term-form.js';
import { HIERARCHICAL } from './term-form.js';
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
            <th scope="col">{t.labelEn}</th>
            <th scope="col">{t.labelKm}</th>
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
                <th scope="row" lang="en">
                  {term.parentId !== null && <span aria-hidden="true">— </span>}
                  {term.labelEn}
                </th>
                <td lang="km">{term.labelKm}</td>
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
  vocabulary: Vocabulary;
  term: VocabularyTerm | undefined;
  form: TermForm;
  errors: Partial<Record<keyof TermForm, TermErrorKey>>;
  parents: VocabularyTerm[];
  csrfToken: string;
}) {
  const t = vocabulariesMessages[p.locale];
  const name = vocabularyNames[p.locale][p.vocabulary];
  const action = p.term ? `${ADMIN_PATH}/terms/${p.term.id}/edit` : `${ADMIN_PATH}/${p.vocabulary}/new`;
  const err = (key: keyof TermForm) =>
    p.errors[key] ? (
      <p class="field-error" id={`${key}-error`}>
        {t[p.errors[key]!]}
      </p>
    ) : null;
  const aria = (key: keyof TermForm) => (p.errors[key] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${key}-error` } : {});
  return (
    <>
      <p>
        <a href={`${ADMIN_PATH}/${p.vocabulary}`}>{t.backToList(name)}</a>
      </p>
      <header class="page-header">
        <h1>{p.term ? t.editTerm(termLabel(p.term, p.locale)) : t.newTerm(name)}</h1>
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
        <div class="field" lang="en">
          <label for="labelEn">{t.labelEn}</label>
          <input id="labelEn" name="labelEn" type="text" value={p.form.labelEn} required maxLength={200} {...aria('labelEn')} />
          {err('labelEn')}
        </div>
        <div class="field" lang="km">
          <label for="labelKm">{t.labelKm}</label>
          <input id="labelKm" name="labelKm" type="text" value={p.form.labelKm} required maxLength={200} {...aria('labelKm')} />
          {err('labelKm')}
        </div>
        <div class="field" lang="en">
          <label for="descriptionEn">{t.descriptionEn}</label>
          <textarea id="descriptionEn" name="descriptionEn" rows={3} {...aria('descriptionEn')}>
            {p.form.descriptionEn}
          </textarea>
          {err('descriptionEn')}
        </div>
        <div class="field" lang="km">
          <label for="descriptionKm">{t.descriptionKm}</label>
          <textarea id="descriptionKm" name="descriptionKm" rows={3} {...aria('descriptionKm')}>
            {p.form.descriptionKm}
          </textarea>
          {err('descriptionKm')}
        </div>
        {HIERARCHICAL.includes(p.vocabulary) && (
          <div class="field">
            <label for="parentId">{t.parent}</label>
            <select id="parentId" name="parentId" {...aria('parentId')}>
              <option value="">{t.parentNone}</option>
              {p.parents.map((parent) => (
                <option value={String(parent.id)} selected={p.form.parentId === String(parent.id)}>
                  {termLabel(parent, p.locale)}
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

export function PlacesPage(p: { locale: Locale; parent: Place | undefined; grandparent: Place | undefined; places: Place[]; notice?: string }) {
  const t = vocabulariesMessages[p.locale];
  const level = p.places[0]?.level ?? (p.parent?.level === 'province' ? 'district' : p.parent?.level === 'district' ? 'commune' : 'province');
  const heading = level === 'province' ? t.provinces : level === 'district' ? t.districts : t.communes;
  const up = p.parent ? (p.grandparent ? `${ADMIN_PATH}/places?parent=${p.grandparent.id}` : `${ADMIN_PATH}/places`) : ADMIN_PATH;
  return (
    <>
      <p>
        <a href={up}>{p.parent ? (p.grandparent ? placeName(p.grandparent, p.locale) : t.provinces) : t.back}</a>
      </p>
      <header class="page-header">
        <h1>{p.parent ? `${placeName(p.parent, p.locale)}: ${heading}` : t.places}</h1>
        {!p.parent && <p class="lead">{t.placesIntro}</p>}
      </header>
      <Notice text={p.notice} />
      <table class="admin-table">
        <caption>{heading}</caption>
        <thead>
          <tr>
            <th scope="col">{t.code}</th>
            <th scope="col">{t.nameEn}</th>
            <th scope="col">{t.nameKm}</th>
            <th scope="col">{t.actions}</th>
          </tr>
        </thead>
        <tbody>
          {p.places.map((place) => (
            <tr data-code={place.code}>
              <td>
                <code>{place.code}</code>
              </td>
              <th scope="row" lang="en">
                {place.nameEn}
              </th>
              <td lang="km">{place.nameKm}</td>
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
  place: Place;
  form: { nameEn: string; nameKm: string };
  errors: Partial<Record<'nameEn' | 'nameKm', TermErrorKey>>;
  csrfToken: string;
}) {
  const t = vocabulariesMessages[p.locale];
  const back = p.place.parentId === null ? `${ADMIN_PATH}/places` : `${ADMIN_PATH}/places?parent=${p.place.parentId}`;
  const err = (key: 'nameEn' | 'nameKm') =>
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
        <h1>{t.editPlace(placeName(p.place, p.locale))}</h1>
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
        {(['nameEn', 'nameKm'] as const).map((key) => (
          <div class="field" lang={key === 'nameEn' ? 'en' : 'km'}>
            <label for={key}>{t[key]}</label>
            <input
              id={key}
              name={key}
              type="text"
              value={p.form[key]}
              required
              maxLength={200}
              aria-invalid={p.errors[key] ? 'true' : undefined}
              aria-describedby={p.errors[key] ? `${key}-error` : undefined}
            />
            {err(key)}
          </div>
        ))}
        <p>
          <button type="submit">{t.save}</button> <a href={back}>{t.cancel}</a>
        </p>
      </form>
    </>
  );
}
