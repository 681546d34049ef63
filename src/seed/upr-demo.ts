import type { DbOrTx } from '../db/database.js';
import { writeAudit } from '../features/audit/audit.repository.js';

/*
 * The UPR tracker's demo: the fourth cycle's official figures as the outcome report gives them
 * (reviewed 8 May 2024: 100 States, 275 recommendations, 232 accepted, 43 noted), and a sample of
 * recommendations on the themes of the organisation's joint submissions. The sample's texts are
 * written for the demo, in the spirit of the real ones but not quoted from them; every row is
 * stored with `sample = 1`, which the public pages show. The cycle stays when the demo is
 * removed: its totals are facts, not demo data (demo-rows.ts records the recommendations only).
 */

const ACTOR = 'system:seed';
const CYCLE = { number: 4, session: '46', sessionDate: '2024-05-08', received: 275, accepted: 232, noted: 43, recommendingStates: 100 };

type Sample = {
  state: string;
  region: 'african' | 'asia_pacific' | 'eastern_european' | 'grulac' | 'weog';
  response: 'accepted' | 'noted';
  themes: string[];
  sdgs: string;
  en: string;
  km?: string;
  assessments?: Array<{ status: 'not_implemented' | 'partially' | 'fully' | 'unclear'; on: string; en: string; km?: string; links?: string[] }>;
};

const SAMPLES: Sample[] = [
  {
    state: 'Norway', region: 'weog', response: 'noted', themes: ['hrds', 'expression'], sdgs: '16.10',
    en: 'Let human rights defenders, journalists and union members do their work without harassment, and withdraw charges brought against them for peaceful activity.',
    km: 'អនុញ្ញាតឱ្យអ្នកការពារសិទ្ធិមនុស្ស អ្នកសារព័ត៌មាន និងសមាជិកសហជីពបំពេញការងាររបស់ពួកគេដោយគ្មានការយាយី និងដកការចោទប្រកាន់ពីបទសកម្មភាពដោយសន្តិវិធី។',
    assessments: [
      { status: 'not_implemented', on: '2024-10-10', en: 'Our monitors kept recording summonses and charges against defenders after the review.', km: 'អ្នកឃ្លាំមើលរបស់យើងបានបន្តកត់ត្រាការកោះហៅ និងការចោទប្រកាន់អ្នកការពារសិទ្ធិបន្ទាប់ពីការត្រួតពិនិត្យ។', links: ['/en/hrd-alerts'] },
    ],
  },
  {
    state: 'Sweden', region: 'weog', response: 'accepted', themes: ['information'], sdgs: '16.10',
    en: 'Pass an access to information law that meets international standards, after consulting civil society on its draft.',
    km: 'អនុម័តច្បាប់ស្តីពីសិទ្ធិទទួលបានព័ត៌មានដែលស្របតាមស្តង់ដារអន្តរជាតិ បន្ទាប់ពីពិគ្រោះយោបល់ជាមួយសង្គមស៊ីវិលលើសេចក្តីព្រាងរបស់វា។',
    assessments: [
      { status: 'not_implemented', on: '2024-10-10', en: 'The draft law had not been sent to the National Assembly.' },
      { status: 'partially', on: '2025-06-30', en: 'A revised draft was shared for comment, but it still allows wide refusals on grounds of national security.', km: 'សេចក្តីព្រាងដែលបានកែសម្រួលត្រូវបានចែករំលែកដើម្បីផ្តល់យោបល់ ប៉ុន្តែវានៅតែអនុញ្ញាតឱ្យបដិសេធយ៉ាងទូលាយដោយហេតុផលសន្តិសុខជាតិ។' },
    ],
  },
  {
    state: 'Germany', region: 'weog', response: 'accepted', themes: ['land'], sdgs: '1.4 11.1',
    en: 'End forced evictions, and give communities affected by land concessions fair compensation and adequate resettlement.',
    km: 'បញ្ចប់ការបណ្តេញចេញដោយបង្ខំ និងផ្តល់សំណងសមរម្យ និងការតាំងទីលំនៅថ្មីគ្រប់គ្រាន់ដល់សហគមន៍ដែលរងផលប៉ះពាល់ពីសម្បទានដីធ្លី។',
    assessments: [{ status: 'not_implemented', on: '2024-10-07', en: 'Our fact sheet on forced evictions for World Habitat Day documents evictions continuing since late 2021.', links: ['/en/publications'] }],
  },
  {
    state: 'Australia', region: 'weog', response: 'accepted', themes: ['land', 'minorities'], sdgs: '1.4 2.3',
    en: 'Speed up the collective land titling of indigenous communities and protect their land from encroachment while titles are pending.',
    assessments: [{ status: 'partially', on: '2025-03-31', en: 'Some communities received collective titles; many applications stay pending for years.' }],
  },
  {
    state: 'Canada', region: 'weog', response: 'accepted', themes: ['labour', 'assembly_association'], sdgs: '8.8',
    en: 'Respect the right of workers to form and join independent unions, and investigate attacks on union leaders.',
    km: 'គោរពសិទ្ធិរបស់កម្មករក្នុងការបង្កើត និងចូលរួមសហជីពឯករាជ្យ និងស៊ើបអង្កេតលើការវាយប្រហារលើមេដឹកនាំសហជីព។',
    assessments: [{ status: 'unclear', on: '2025-03-31', en: 'Amendments to the trade union law were announced; how they are applied is not yet known.' }],
  },
  {
    state: 'Netherlands', region: 'weog', response: 'noted', themes: ['labour', 'justice'], sdgs: '8.8 16.3',
    en: 'Release union leaders detained for organising strikes and review the convictions handed down against them.',
  },
  {
    state: 'Ghana', region: 'african', response: 'noted', themes: ['khmer_krom', 'minorities'], sdgs: '',
    en: 'Recognise the Khmer Krom as an indigenous people and protect their cultural, religious and language rights.',
    km: 'ទទួលស្គាល់ខ្មែរក្រោមជាជនជាតិដើមភាគតិច និងការពារសិទ្ធិវប្បធម៌ សាសនា និងភាសារបស់ពួកគេ។',
  },
  {
    state: 'Czechia', region: 'eastern_european', response: 'accepted', themes: ['khmer_krom'], sdgs: '16.9',
    en: 'Make sure Khmer Krom people living in Cambodia can obtain identity documents without discrimination.',
    assessments: [{ status: 'partially', on: '2025-06-30', en: 'Some Khmer Krom families report receiving identity cards; others are still told to prove their origin.' }],
  },
  {
    state: 'Philippines', region: 'asia_pacific', response: 'accepted', themes: ['gbv', 'women'], sdgs: '5.2',
    en: 'Strengthen protection of women and girls against gender-based violence and make sure survivors can reach justice and support services.',
    km: 'ពង្រឹងការការពារស្ត្រី និងក្មេងស្រីពីអំពើហិង្សាផ្អែកលើយេនឌ័រ និងធានាថាជនរងគ្រោះអាចទទួលបានយុត្តិធម៌ និងសេវាគាំទ្រ។',
    assessments: [{ status: 'partially', on: '2025-03-08', en: 'A new national action plan exists; shelters and legal aid remain scarce outside Phnom Penh.' }],
  },
  {
    state: 'Chile', region: 'grulac', response: 'accepted', themes: ['gbv', 'justice'], sdgs: '5.2 16.3',
    en: 'Train police and judges to handle cases of domestic violence with care for survivors, and stop pushing couples to reconcile.',
  },
  {
    state: 'Mexico', region: 'grulac', response: 'accepted', themes: ['women'], sdgs: '5.5 5.c',
    en: 'Increase the budget of the Ministry of Women’s Affairs and adopt gender-responsive budgeting across ministries.',
  },
  {
    state: 'France', region: 'weog', response: 'accepted', themes: ['expression'], sdgs: '16.10',
    en: 'Guarantee freedom of the press and stop revoking the licences of independent media outlets.',
    assessments: [{ status: 'not_implemented', on: '2024-12-10', en: 'No licence revoked before the review has been restored.' }],
  },
  {
    state: 'United Kingdom', region: 'weog', response: 'noted', themes: ['expression', 'justice'], sdgs: '16.10',
    en: 'Amend the criminal offences of incitement and insult so that they cannot be used against peaceful criticism.',
  },
  {
    state: 'Japan', region: 'asia_pacific', response: 'accepted', themes: ['elections', 'civil_society'], sdgs: '16.7',
    en: 'Keep a safe space for civil society and political parties to take part in public life ahead of elections.',
  },
  {
    state: 'Ireland', region: 'weog', response: 'accepted', themes: ['assembly_association', 'civil_society'], sdgs: '16.10',
    en: 'Review the law on associations and NGOs so that registration and reporting duties do not restrict their work.',
    km: 'ពិនិត្យឡើងវិញនូវច្បាប់ស្តីពីសមាគម និងអង្គការមិនមែនរដ្ឋាភិបាល ដើម្បីកុំឱ្យកាតព្វកិច្ចចុះបញ្ជី និងរាយការណ៍រឹតត្បិតការងាររបស់ពួកគេ។',
    assessments: [{ status: 'not_implemented', on: '2025-06-30', en: 'The law has not been reviewed; local authorities still ask NGOs to announce their activities in advance.' }],
  },
  {
    state: 'Switzerland', region: 'weog', response: 'accepted', themes: ['hrds', 'detention'], sdgs: '16.3',
    en: 'Investigate every allegation of ill-treatment in detention, including of detained activists, and bring those responsible to justice.',
  },
  {
    state: 'Thailand', region: 'asia_pacific', response: 'accepted', themes: ['trafficking', 'labour'], sdgs: '8.7 16.2',
    en: 'Step up efforts to identify victims of trafficking, including people forced to work in online scam compounds.',
    assessments: [{ status: 'partially', on: '2025-03-31', en: 'Raids freed many workers; few of those who ran the compounds have been prosecuted.' }],
  },
  {
    state: 'Sierra Leone', region: 'african', response: 'accepted', themes: ['nhri'], sdgs: '16.a',
    en: 'Establish an independent national human rights institution in line with the Paris Principles.',
  },
  {
    state: 'Brazil', region: 'grulac', response: 'accepted', themes: ['lgbti'], sdgs: '5.1 10.3',
    en: 'Adopt a law against discrimination that protects people on grounds of sexual orientation and gender identity.',
  },
  {
    state: 'Poland', region: 'eastern_european', response: 'accepted', themes: ['international_instruments', 'detention'], sdgs: '16.3',
    en: 'Ratify the Convention for the Protection of All Persons from Enforced Disappearance and bring national law in line with it.',
    assessments: [{ status: 'unclear', on: '2025-06-30', en: 'The government has said it is studying ratification; no date has been given.' }],
  },
];

/** Inserts the cycle (unless it is there) and the sample; returns how many recommendations. */
export async function seedUprDemo(tx: DbOrTx, now = new Date().toISOString()): Promise<number> {
  // A cycle an import named first gets its totals; totals staff recorded are left as they are.
  let cycle = await tx.selectFrom('uprCycles').select(['id', 'received']).where('number', '=', CYCLE.number).executeTakeFirst();
  if (!cycle) {
    cycle = await tx.insertInto('uprCycles').values({ ...CYCLE, createdAt: now, updatedAt: now }).returning(['id', 'received']).executeTakeFirstOrThrow();
    await writeAudit(tx, { actor: ACTOR, action: 'upr.cycle.save', subjectType: 'upr_cycle', subjectId: String(cycle.id), after: CYCLE });
  } else if (cycle.received === null) {
    await tx.updateTable('uprCycles').set({ ...CYCLE, updatedAt: now }).where('id', '=', cycle.id).execute();
    await writeAudit(tx, { actor: ACTOR, action: 'upr.cycle.save', subjectType: 'upr_cycle', subjectId: String(cycle.id), after: CYCLE });
  }
  for (const [i, s] of SAMPLES.entries()) {
    const newest = s.assessments?.reduce((a, b) => (b.on >= a.on ? b : a));
    const { id } = await tx
      .insertInto('uprRecommendations')
      .values({
        cycleId: cycle.id,
        matchKey: `sample:4:${i + 1}`,
        reference: null,
        recommendingState: s.state,
        regionalGroup: s.region,
        response: s.response,
        sdgTargets: s.sdgs,
        currentStatus: newest?.status ?? 'not_assessed',
        sample: 1,
        createdAt: now,
        updatedAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.insertInto('uprRecommendationTranslations').values([{ itemId: id, locale: 'en', text: s.en }, ...(s.km ? [{ itemId: id, locale: 'km', text: s.km }] : [])]).execute();
    if (s.themes.length) await tx.insertInto('uprRecommendationThemes').values(s.themes.map((theme) => ({ recommendationId: id, theme }))).execute();
    for (const a of s.assessments ?? []) {
      const row = await tx.insertInto('uprAssessments').values({ recommendationId: id, status: a.status, assessedOn: a.on, links: (a.links ?? []).join('\n'), createdBy: null, createdAt: `${a.on}T09:00:00.000Z` }).returning('id').executeTakeFirstOrThrow();
      await tx.insertInto('uprAssessmentTranslations').values([{ itemId: row.id, locale: 'en', note: a.en }, ...(a.km ? [{ itemId: row.id, locale: 'km', note: a.km }] : [])]).execute();
    }
  }
  await writeAudit(tx, { actor: ACTOR, action: 'upr.demo.create', subjectType: 'upr', subjectId: null, after: { recommendations: SAMPLES.length } });
  return SAMPLES.length;
}
