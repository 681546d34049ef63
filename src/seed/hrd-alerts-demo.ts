import type { Vault } from '../crypto/envelope.js';
import type { DbOrTx } from '../db/database.js';
import { formatNumber } from '../i18n/format.js';
import type { Locale } from '../i18n/locales.js';
import { textIn } from '../i18n/translation.js';
import { defaultPublishValues, parsePublishForm, victimField } from '../features/hrd-alerts/alerts.form.js';
import type { AlertText, UpdateText } from '../features/hrd-alerts/alerts.repository.js';
import { ALERT_TYPE } from '../features/hrd-alerts/alert-type.js';
import { addAlertUpdate, publishAlert } from '../features/hrd-alerts/alerts.service.js';
import { reindexItem } from '../features/search/search.indexer.js';
import { readCaseForAlert, type CaseForAlert } from '../features/hrd-cases/cases.repository.js';
import { placeNamesOf, termLabelsOf } from '../features/hrd-vocabularies/vocabularies.repository.js';
import type { FileStorage } from '../features/media/storage.js';

/*
 * Publishes about a dozen HRD alerts from the fictional demo cases, as a monitor would: the
 * default redaction (pseudonyms, province, act types, dates, status) and a public text written
 * for the alert, never the case's own. Some alerts have updates; two exist in one language only.
 */

const ALERT_COUNT = 12;
/** Days between the first documented event and the alert. */
const PUBLISH_AFTER_DAYS = 6;

interface UpdateTemplate {
  afterDays: number;
  en: { title: string; body: string };
  km: { title: string; body: string };
}

const UPDATES: UpdateTemplate[] = [
  {
    afterDays: 12,
    en: { title: 'Questioned by the police', body: 'The defender answered a summons and was questioned for several hours, then allowed to go home.' },
    km: { title: 'ត្រូវបានប៉ូលិសសួរចម្លើយ', body: 'អ្នកការពារបានចូលខ្លួនតាមដីកាកោះ ហើយត្រូវបានសួរចម្លើយជាច្រើនម៉ោង រួចត្រូវបានអនុញ្ញាតឱ្យត្រឡប់ទៅផ្ទះវិញ។' },
  },
  {
    afterDays: 40,
    en: { title: 'Released on bail', body: 'The court granted bail. The charges have not been dropped, and we continue to follow the case.' },
    km: { title: 'ត្រូវបានដោះលែងដោយមានការធានា', body: 'តុលាការបានអនុញ្ញាតឱ្យនៅក្រៅឃុំដោយមានការធានា។ ការចោទប្រកាន់មិនទាន់ត្រូវបានលុបចោលទេ ហើយយើងនៅតែបន្តតាមដានករណីនេះ។' },
  },
  {
    afterDays: 75,
    en: { title: 'Complaint withdrawn', body: 'The complainant withdrew the complaint and the investigation was closed.' },
    km: { title: 'ពាក្យបណ្តឹងត្រូវបានដកវិញ', body: 'អ្នកប្តឹងបានដកពាក្យបណ្តឹងវិញ ហើយការស៊ើបអង្កេតត្រូវបានបិទ។' },
  },
];

function addDays(date: string, days: number): string {
  const d = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

async function labels(tx: DbOrTx, c: CaseForAlert) {
  const actIds = [...new Set(c.acts.map((a) => a.actTypeId))];
  const provinceId = c.events.find((e) => e.provinceId !== null)?.provinceId ?? null;
  const [acts, places] = await Promise.all([termLabelsOf(tx, actIds), placeNamesOf(tx, provinceId === null ? [] : [provinceId])]);
  const province = provinceId === null ? undefined : places.get(provinceId);
  // The demo texts below are written in English and Khmer, so they take the names in those two.
  return {
    acts: actIds
      .sort((a, b) => a - b)
      .map((id) => ({ labelEn: textIn(acts.get(id) ?? [], 'en'), labelKm: textIn(acts.get(id) ?? [], 'km') })),
    province: province && { nameEn: textIn(province, 'en'), nameKm: textIn(province, 'km') },
  };
}

/** The public text of a demo alert, written from the facts it publishes and nothing else. */
function demoTexts(c: CaseForAlert, l: Awaited<ReturnType<typeof labels>>, only: Locale | undefined): AlertText[] {
  const people = c.victims.length;
  const firstAct = l.acts[0];
  const placeEn = l.province ? ` in ${l.province.nameEn}` : '';
  const placeKm = l.province ? ` នៅ${l.province.nameKm}` : '';
  const actsEn = l.acts.map((a) => a.labelEn.toLowerCase()).join(', ');
  const actsKm = l.acts.map((a) => a.labelKm).join(' ');
  const texts: AlertText[] = [
    {
      locale: 'en',
      title: `${firstAct?.labelEn ?? 'Harassment'} against human rights defenders${placeEn}`,
      summary: [
        `Our monitors documented ${actsEn || 'harassment'} against ${people === 1 ? 'a human rights defender' : `${people} human rights defenders`}${placeEn}. The people concerned are named only by a pseudonym, for their safety.`,
        'We call on the authorities to end the harassment of defenders and to respect the rights to freedom of expression and peaceful assembly.',
        'This alert belongs to the fictional demonstration data of the site: the case, the people and the events are invented.',
      ].join('\n\n'),
    },
    {
      locale: 'km',
      title: `${firstAct?.labelKm ?? 'ការយាយី'}លើអ្នកការពារសិទ្ធិមនុស្ស${placeKm}`,
      summary: [
        `អ្នកតាមដានរបស់យើងបានកត់ត្រា${actsKm || 'ការយាយី'} ប្រឆាំងនឹងអ្នកការពារសិទ្ធិមនុស្សចំនួន ${formatNumber(people, 'km')} នាក់${placeKm}។ ដើម្បីសុវត្ថិភាព អ្នកពាក់ព័ន្ធត្រូវបានហៅតែតាមឈ្មោះក្លែងក្លាយប៉ុណ្ណោះ។`,
        'យើងអំពាវនាវឱ្យអាជ្ញាធរបញ្ឈប់ការយាយីអ្នកការពារ និងគោរពសិទ្ធិសេរីភាពនៃការបញ្ចេញមតិ និងការជួបប្រជុំដោយសន្តិវិធី។',
        'ការជូនដំណឹងនេះជាផ្នែកនៃទិន្នន័យសាកល្បងប្រឌិតរបស់គេហទំព័រ៖ ករណី មនុស្ស និងហេតុការណ៍ទាំងអស់ត្រូវបានប្រឌិតឡើង។',
      ].join('\n\n'),
    },
  ];
  return only ? texts.filter((t) => t.locale === only) : texts;
}

export interface HrdAlertsDemoOptions {
  storage: FileStorage;
  publicUrl: string;
  locales: readonly Locale[];
  /** The demo's "today": nothing is published or updated after it. */
  today?: string;
}

/** Publishes the demo alerts; returns how many. Does nothing when alerts exist already. */
export async function seedHrdAlertsDemo(tx: DbOrTx, vault: Vault, options: HrdAlertsDemoOptions): Promise<number> {
  if (await tx.selectFrom('hrdAlerts').select('id').limit(1).executeTakeFirst()) return 0;
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  // Cases with an act, spread over the years: every nth of them, newest last.
  const candidates = await tx
    .selectFrom('hrdCases')
    .select('hrdCases.id')
    .where((eb) => eb.exists(eb.selectFrom('hrdEvents').innerJoin('hrdActs', 'hrdActs.eventId', 'hrdEvents.id').select('hrdActs.id').whereRef('hrdEvents.caseId', '=', 'hrdCases.id')))
    .orderBy('hrdCases.openedOn')
    .orderBy('hrdCases.id')
    .execute();
  if (candidates.length === 0) return 0;
  const step = Math.max(1, Math.floor(candidates.length / ALERT_COUNT));
  const chosen = candidates.filter((_c, i) => i % step === step - 1).slice(-ALERT_COUNT);
  let published = 0;
  for (const [i, { id }] of chosen.entries()) {
    const record = await readCaseForAlert(tx, vault, id);
    if (!record || record.events.length === 0 || record.victims.length === 0) continue;
    const only: Locale | undefined = i === 3 ? 'en' : i === 8 ? 'km' : undefined;
    const texts = demoTexts(record, await labels(tx, record), only).filter((t) => options.locales.includes(t.locale as Locale));
    if (texts.length === 0) continue;
    const values = defaultPublishValues(record);
    // A group's public label would be in one language only; the demo alerts name individuals.
    for (const v of record.victims) if (v.kind === 'group') delete values[victimField(v.id, 'include')];
    const { facts, errors } = parsePublishForm(values, record, options.locales);
    if (Object.keys(errors).some((k) => k !== 'texts')) continue;
    const firstDay = record.events[0]!.occurredOn;
    const publishedOn = [addDays(firstDay, PUBLISH_AFTER_DAYS), today].sort()[0]!;
    const reindex = (db: DbOrTx, id: number) => reindexItem(db, ALERT_TYPE, id, { storage: options.storage });
    const ctx = { db: tx, reindex, publicUrl: options.publicUrl, locales: options.locales, userId: null };
    const alert = await publishAlert({ ...ctx, now: `${publishedOn}T09:00:00.000Z` }, { caseId: record.id, facts, texts, notify: false });
    published += 1;
    // Every third alert has a timeline of updates, as far as the demo's today allows.
    if (i % 3 === 0) {
      for (const template of UPDATES.slice(0, 1 + (i % 2) + (i === 0 ? 1 : 0))) {
        const day = addDays(firstDay, template.afterDays);
        if (day > today) break;
        const updateTexts: UpdateText[] = (['en', 'km'] as const)
          .filter((l) => options.locales.includes(l) && (!only || l === only))
          .map((l) => ({ locale: l, title: template[l].title, body: template[l].body }));
        await addAlertUpdate({ ...ctx, now: `${day}T10:00:00.000Z` }, alert.id, { occurredOn: day, texts: updateTexts, notify: false });
      }
    }
  }
  return published;
}
