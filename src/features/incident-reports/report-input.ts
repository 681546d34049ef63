import type { DbOrTx } from '../../db/database.js';
import type { Locale } from '../../i18n/locales.js';
import { parseCaseDate } from '../hrd-cases/case-dates.js';
import { listCommunes, listDistricts, listProvinces, listTerms, placeName, termLabel, type Place } from '../hrd-vocabularies/vocabularies.repository.js';
import type { FormProblem } from '../form-guard/form-guard.views.js';
import { MAX_PASSPHRASE_LENGTH, MIN_PASSPHRASE_LENGTH } from './report-secrets.js';
import { reportMessages } from './reports.messages.js';
import type { NewReport, ReportAccuracy } from './reports.service.js';
import { REPORT_ACCURACIES, type Option, type PlaceChoices } from './reports.views.js';

/*
 * The report form's choices and the checks that need them: the place must be one of the
 * gazetteer's, each level inside the one above; the kind one of the act types; the date as
 * precise as the accuracy says, and not in the future.
 */

/** The fields as the form layer read them (all text, already cleaned). */
export interface ReportFormValues {
  what: string;
  detail: string;
  date: string;
  accuracy: string;
  kind: string;
  province: string;
  district: string;
  commune: string;
  name: string;
  contact: string;
  mayContact: string;
  contactBy: string;
  mayPublish: string;
  passphrase: string;
}

const asOptions = (places: Place[], locale: Locale, order: readonly Locale[]): Option[] => places.map((p) => ({ value: String(p.id), label: placeName(p, locale, order) }));

/** The place lists for what is chosen so far, and the act types as kinds of incident. */
export async function reportChoices(db: DbOrTx, locale: Locale, order: readonly Locale[], chosen: { province?: number | undefined; district?: number | undefined }) {
  const provinces = await listProvinces(db);
  const province = provinces.find((p) => p.id === chosen.province);
  const districts = province ? await listDistricts(db, province.id) : [];
  const district = districts.find((d) => d.id === chosen.district);
  const communes = district ? await listCommunes(db, district.id) : [];
  const kinds = await listTerms(db, 'act_type');
  const places: PlaceChoices = {
    provinces: asOptions(provinces, locale, order),
    districts: asOptions(districts, locale, order),
    communes: asOptions(communes, locale, order),
    provinceId: province?.id ?? null,
    districtId: district?.id ?? null,
    chosen: [province, district].filter((p): p is Place => p !== undefined).map((p) => placeName(p, locale, order)),
  };
  // Narrower kinds are indented under their broader one, as in the case records.
  const kindOptions = kinds.map((k) => ({ value: String(k.id), label: `${k.parentId ? '— ' : ''}${termLabel(k, locale, order)}` }));
  return { places, kinds: kindOptions, communes, kindIds: new Set(kinds.map((k) => k.id)) };
}

const isAccuracy = (value: string): value is ReportAccuracy => (REPORT_ACCURACIES as readonly string[]).includes(value);

type ReportInput = Omit<NewReport, 'locale'>;

/** The report as stored, or the problems with it, each tied to its field. */
export async function readReportInput(
  db: DbOrTx,
  locale: Locale,
  v: ReportFormValues,
  today = new Date().toISOString().slice(0, 10),
): Promise<{ ok: true; value: ReportInput; problems: [] } | { ok: false; problems: FormProblem[] }> {
  const t = reportMessages[locale];
  const problems: FormProblem[] = [];
  const fail = (field: string, text: string) => problems.push({ fieldId: `report-${field}`, text });

  const accuracy = v.accuracy || 'day';
  let when: ReportInput['when'] = { date: null, accuracy: 'unknown' };
  if (!isAccuracy(accuracy)) fail('accuracy', t.chooseFromList);
  // A date left empty is an unknown date, whatever accuracy is ticked.
  else if (accuracy !== 'unknown' && v.date !== '') {
    const parsed = parseCaseDate(v.date, accuracy, today);
    if (parsed.ok) when = { date: parsed.value, accuracy: parsed.accuracy === 'approximate' ? 'year' : parsed.accuracy };
    else fail('date', t[parsed.problem]);
  }

  const choices = await reportChoices(db, locale, [locale], { province: Number(v.province) || undefined, district: Number(v.district) || undefined });
  const mismatch = (raw: string, found: number | null) => raw !== '' && found === null;
  if (mismatch(v.province, choices.places.provinceId)) fail('province', t.chooseFromList);
  if (mismatch(v.district, choices.places.districtId)) fail('district', t.chooseFromList);
  const communeId = choices.communes.find((c) => String(c.id) === v.commune)?.id ?? null;
  if (mismatch(v.commune, communeId)) fail('commune', t.chooseFromList);
  const kindId = v.kind === '' ? null : Number(v.kind);
  if (kindId !== null && !choices.kindIds.has(kindId)) fail('kind', t.chooseFromList);

  const passphrase = v.passphrase;
  if (passphrase && passphrase.length < MIN_PASSPHRASE_LENGTH) fail('passphrase', t.passphraseTooShort);
  if (passphrase.length > MAX_PASSPHRASE_LENGTH) fail('passphrase', t.passphraseTooLong);

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    problems: [],
    value: {
      what: v.what,
      actTypeId: kindId,
      when,
      where: { provinceId: choices.places.provinceId, districtId: choices.places.districtId, communeId, detail: v.detail || null },
      who: { name: v.name || null, contact: v.contact || null, mayContact: v.mayContact === 'on', contactBy: v.contactBy || null, mayPublishAnonymously: v.mayPublish === 'on' },
      passphrase: passphrase || null,
    },
  };
}
