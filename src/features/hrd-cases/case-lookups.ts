import type { DbOrTx } from '../../db/database.js';
import type { Locale } from '../../i18n/locales.js';
import { findPlaces, listAllTerms, listCommunes, listDistricts, listProvinces, listTerms, placeName, termLabel, type Place, type VocabularyTerm } from '../hrd-vocabularies/vocabularies.repository.js';
import { VOCABULARIES, type Vocabulary } from '../hrd-vocabularies/vocabularies.tables.js';
import type { Lookups } from './case-page.presenter.js';

/** Loads the vocabularies and places a case page names; the presenter and views only read them. */
export async function loadLookups(db: DbOrTx, locale: Locale, placeIds: number[] = []): Promise<Lookups> {
  const [all, provinces, active] = await Promise.all([listAllTerms(db), listProvinces(db), Promise.all(VOCABULARIES.map((v) => listTerms(db, v)))]);
  const byId = new Map(all.map((t) => [t.id, t]));
  const terms = Object.fromEntries(VOCABULARIES.map((v, i) => [v, active[i]!])) as Record<Vocabulary, VocabularyTerm[]>;
  const ids = placeIds.filter((id) => !provinces.some((p) => p.id === id));
  const places = new Map(provinces.map((p) => [p.id, p]));
  for (const p of await findPlaces(db, ids)) places.set(p.id, p);
  return {
    terms,
    label: (id) => {
      const t = id == null ? undefined : byId.get(id);
      return t ? termLabel(t, locale) : '—';
    },
    provinces,
    placeLabel: (id) => {
      const p = id == null ? undefined : places.get(id);
      return p ? placeName(p, locale) : '—';
    },
  };
}

/** Districts of the chosen province and communes of the chosen district, for the place selects. */
export async function placeChoices(db: DbOrTx, provinceId: number | null, districtId: number | null): Promise<{ districts: Place[]; communes: Place[] }> {
  const districts = provinceId ? await listDistricts(db, provinceId) : [];
  const communes = districtId && districts.some((d) => d.id === districtId) ? await listCommunes(db, districtId) : [];
  return { districts, communes };
}
