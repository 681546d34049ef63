import type { NewsKind } from '../../src/features/news/news.tables.js';
import type { PublicationType } from '../../src/features/publications/publications.tables.js';

/**
 * Word and phrase lists the bench data set is assembled from. Khmer entries are single words
 * or phrases written as Khmer is written, without spaces between the words; the generator
 * joins them without spaces too, so a body has the long unbroken runs that Khmer pages have
 * (which matters for text size, compression ratio and line-breaking cost).
 */
export interface Bilingual {
  en: string;
  km: string;
}

export const PROVINCES: Bilingual[] = [
  { en: 'Phnom Penh', km: 'រាជធានីភ្នំពេញ' },
  { en: 'Siem Reap', km: 'ខេត្តសៀមរាប' },
  { en: 'Battambang', km: 'ខេត្តបាត់ដំបង' },
  { en: 'Kampong Speu', km: 'ខេត្តកំពង់ស្ពឺ' },
  { en: 'Koh Kong', km: 'ខេត្តកោះកុង' },
  { en: 'Ratanakiri', km: 'ខេត្តរតនគិរី' },
  { en: 'Mondulkiri', km: 'ខេត្តមណ្ឌលគិរី' },
  { en: 'Preah Vihear', km: 'ខេត្តព្រះវិហារ' },
  { en: 'Kampot', km: 'ខេត្តកំពត' },
  { en: 'Preah Sihanouk', km: 'ខេត្តព្រះសីហនុ' },
  { en: 'Kandal', km: 'ខេត្តកណ្តាល' },
  { en: 'Stung Treng', km: 'ខេត្តស្ទឹងត្រែង' },
  { en: 'Kratie', km: 'ខេត្តក្រចេះ' },
  { en: 'Takeo', km: 'ខេត្តតាកែវ' },
  { en: 'Prey Veng', km: 'ខេត្តព្រៃវែង' },
  { en: 'Svay Rieng', km: 'ខេត្តស្វាយរៀង' },
  { en: 'Pursat', km: 'ខេត្តពោធិ៍សាត់' },
  { en: 'Kampong Cham', km: 'ខេត្តកំពង់ចាម' },
  { en: 'Kampong Thom', km: 'ខេត្តកំពង់ធំ' },
];

export const SUBJECTS: Bilingual[] = [
  { en: 'Restrictions on peaceful assembly', km: 'ការរឹតត្បិតលើការប្រមូលផ្តុំដោយសន្តិវិធី' },
  { en: 'Land disputes and forced evictions', km: 'វិវាទដីធ្លីនិងការបណ្តេញចេញដោយបង្ខំ' },
  { en: 'Online expression and digital surveillance', km: 'ការបញ្ចេញមតិតាមអនឡាញនិងការឃ្លាំមើលឌីជីថល' },
  { en: 'Harassment of human rights defenders', km: 'ការយាយីអ្នកការពារសិទ្ធិមនុស្ស' },
  { en: 'Fair trial rights in provincial courts', km: 'សិទ្ធិទទួលបានការជំនុំជម្រះក្តីដោយយុត្តិធម៌នៅតុលាការខេត្ត' },
  { en: 'Freedom of association for trade unions', km: 'សេរីភាពនៃការបង្កើតសមាគមសម្រាប់សហជីព' },
  { en: "Women's participation in local decision-making", km: 'ការចូលរួមរបស់ស្ត្រីក្នុងការសម្រេចចិត្តថ្នាក់មូលដ្ឋាន' },
  { en: 'Collective land titles of indigenous communities', km: 'ប្លង់ដីសមូហភាពរបស់សហគមន៍ជនជាតិដើមភាគតិច' },
  { en: 'Equal treatment of LGBTIQ people', km: 'ការប្រព្រឹត្តស្មើភាពចំពោះមនុស្សLGBTIQ' },
  { en: 'Business activities and community rights', km: 'សកម្មភាពអាជីវកម្មនិងសិទ្ធិសហគមន៍' },
  { en: 'Pre-trial detention practices', km: 'ការអនុវត្តការឃុំខ្លួនបណ្តោះអាសន្ន' },
  { en: 'Access to public information', km: 'ការទទួលបានព័ត៌មានសាធារណៈ' },
  { en: 'Press freedom and the safety of journalists', km: 'សេរីភាពសារព័ត៌មាននិងសុវត្ថិភាពអ្នកសារព័ត៌មាន' },
  { en: 'Human rights education in secondary schools', km: 'ការអប់រំសិទ្ធិមនុស្សនៅវិទ្យាល័យ' },
  { en: 'Registration of associations and NGOs', km: 'ការចុះបញ្ជីសមាគមនិងអង្គការមិនមែនរដ្ឋាភិបាល' },
];

export const TYPE_LABELS: Record<PublicationType, Bilingual> = {
  report: { en: 'Report', km: 'របាយការណ៍' },
  infographic: { en: 'Infographic', km: 'ព័ត៌មានក្រាហ្វិក' },
  fact_sheet: { en: 'Fact sheet', km: 'សន្លឹកព័ត៌មាន' },
  joint_submission: { en: 'Joint submission', km: 'ឯកសារដាក់ស្នើរួម' },
  statement: { en: 'Statement', km: 'សេចក្តីថ្លែងការណ៍' },
  briefing_note: { en: 'Briefing note', km: 'កំណត់សង្ខេប' },
  legal_analysis: { en: 'Legal analysis', km: 'ការវិភាគផ្លូវច្បាប់' },
  letter: { en: 'Letter', km: 'លិខិត' },
  newsletter: { en: 'Newsletter', km: 'ព្រឹត្តិបត្រ' },
};

/** How often each type occurs; reports are the most common, as on the real site. */
export const TYPE_WEIGHTS: Array<[PublicationType, number]> = [
  ['report', 26],
  ['statement', 16],
  ['briefing_note', 12],
  ['fact_sheet', 10],
  ['infographic', 9],
  ['joint_submission', 8],
  ['legal_analysis', 7],
  ['letter', 6],
  ['newsletter', 6],
];

export const NEWS_KIND_WEIGHTS: Array<[NewsKind, number]> = [
  ['press_release', 35],
  ['media_comment', 20],
  ['in_the_news', 20],
  ['alert', 15],
  ['letter', 10],
];

export const NEWS_TITLE_PREFIX: Record<NewsKind, Bilingual> = {
  press_release: { en: 'Press release', km: 'សេចក្តីប្រកាសព័ត៌មាន' },
  media_comment: { en: 'Comment', km: 'មតិយោបល់' },
  letter: { en: 'Open letter', km: 'លិខិតចំហ' },
  alert: { en: 'Alert', km: 'ការជូនដំណឹងបន្ទាន់' },
  in_the_news: { en: 'In the news', km: 'នៅក្នុងព័ត៌មាន' },
};

/** Invented outlet names: the data set must not point at real newspapers. */
export const OUTLETS = ['Mekong Ledger', 'Tonle Sap Times', 'Riverside Review', 'Southeast Asia Monitor', 'Lotus Wire'];

export const PERIODS: Bilingual[] = [
  { en: 'in the first quarter', km: 'ក្នុងត្រីមាសទីមួយ' },
  { en: 'in the second half of the year', km: 'ក្នុងឆមាសទីពីរ' },
  { en: 'during the election period', km: 'ក្នុងអំឡុងពេលបោះឆ្នោត' },
  { en: 'during the rainy season', km: 'ក្នុងរដូវវស្សា' },
  { en: 'over the reporting period', km: 'ក្នុងរយៈពេលរាយការណ៍' },
  { en: 'in the months that followed', km: 'ក្នុងខែបន្តបន្ទាប់' },
];

export const EN = {
  actors: [
    'the authorities', 'local officials', 'the Ministry of Interior', 'provincial courts', 'community representatives',
    'trade union leaders', 'independent journalists', 'human rights defenders', 'civil society organisations',
    'the National Assembly', 'development partners', 'private companies', 'police officers', 'village chiefs',
    'UN special rapporteurs', 'commune councils', 'defence lawyers',
  ],
  pastVerbs: [
    'documented', 'restricted', 'questioned', 'monitored', 'reported on', 'challenged', 'supported', 'investigated',
    'criticised', 'welcomed', 'reviewed', 'ignored', 'raised concerns about', 'responded to',
  ],
  baseVerbs: [
    'protect', 'respect', 'guarantee', 'review', 'amend', 'investigate', 'publish', 'consult communities on',
    'strengthen', 'implement', 'fund', 'end the misuse of',
  ],
  objects: [
    'the right to peaceful assembly', 'freedom of expression online', 'the land titles of indigenous communities',
    'access to legal aid', 'the independence of the judiciary', "workers' right to organise",
    'the safety of women human rights defenders', 'public access to information', 'the registration of associations',
    'compensation for evicted families', 'data protection safeguards', 'the draft cybercrime law',
    'the use of pre-trial detention', 'the right to a fair trial', 'the rights of people in detention',
  ],
  groups: [
    'community activists', 'land rights defenders', 'garment workers', 'journalists', 'students',
    'environmental activists', 'youth activists', 'farmers', 'trade unionists', 'women leaders',
  ],
  passives: ['were arrested', 'were questioned', 'were threatened', 'were placed under surveillance', 'were fined', 'were charged'],
  sources: [
    'monitoring data', 'court records', 'interviews with affected families', 'the incident database',
    'reports from provincial monitors', 'official statements', 'a survey of commune councillors',
  ],
  connectors: ['In addition', 'At the same time', 'Despite these commitments', 'As a result', 'In several cases', 'Throughout the year', 'By contrast'],
  headings: ['Background', 'Methodology', 'Key findings', 'Legal framework', 'Case studies', 'Recommendations', 'Conclusion'],
  numbers: ['two', 'three', 'four', 'five', 'seven', 'nine', 'twelve', 'fifteen', 'twenty', 'thirty-one', 'forty-four'],
};

export const KM = {
  actors: [
    'អាជ្ញាធរ', 'មន្ត្រីមូលដ្ឋាន', 'ក្រសួងមហាផ្ទៃ', 'តុលាការខេត្ត', 'តំណាងសហគមន៍', 'មេដឹកនាំសហជីព',
    'អ្នកសារព័ត៌មានឯករាជ្យ', 'អ្នកការពារសិទ្ធិមនុស្ស', 'អង្គការសង្គមស៊ីវិល', 'រដ្ឋសភា', 'ដៃគូអភិវឌ្ឍន៍',
    'ក្រុមហ៊ុនឯកជន', 'មន្ត្រីនគរបាល', 'មេភូមិ', 'ក្រុមប្រឹក្សាឃុំ', 'មេធាវីការពារក្តី',
  ],
  pastVerbs: [
    'បានចងក្រងឯកសារអំពី', 'បានរឹតត្បិត', 'បានតាមដាន', 'បានរាយការណ៍អំពី', 'បានជំទាស់នឹង', 'បានគាំទ្រ',
    'បានស៊ើបអង្កេតលើ', 'បានរិះគន់', 'បានស្វាគមន៍', 'បានពិនិត្យឡើងវិញ', 'បានលើកឡើងនូវកង្វល់អំពី',
  ],
  baseVerbs: ['ការពារ', 'គោរព', 'ធានា', 'ពិនិត្យឡើងវិញ', 'កែសម្រួល', 'ស៊ើបអង្កេត', 'ផ្សព្វផ្សាយ', 'ពង្រឹង', 'អនុវត្ត'],
  objects: [
    'សិទ្ធិប្រមូលផ្តុំដោយសន្តិវិធី', 'សេរីភាពនៃការបញ្ចេញមតិតាមអនឡាញ', 'ប្លង់ដីរបស់សហគមន៍ជនជាតិដើមភាគតិច',
    'ការទទួលបានជំនួយផ្លូវច្បាប់', 'ឯករាជ្យភាពនៃប្រព័ន្ធតុលាការ', 'សិទ្ធិរបស់កម្មករក្នុងការបង្កើតសហជីព',
    'សុវត្ថិភាពរបស់អ្នកការពារសិទ្ធិមនុស្សជាស្ត្រី', 'សិទ្ធិទទួលបានព័ត៌មានសាធារណៈ', 'ការចុះបញ្ជីសមាគម',
    'សំណងសម្រាប់គ្រួសារដែលត្រូវបណ្តេញចេញ', 'ការការពារទិន្នន័យផ្ទាល់ខ្លួន', 'សេចក្តីព្រាងច្បាប់ស្តីពីបទល្មើសបច្ចេកវិទ្យា',
    'ការឃុំខ្លួនបណ្តោះអាសន្ន', 'សិទ្ធិទទួលបានការជំនុំជម្រះក្តីដោយយុត្តិធម៌', 'សិទ្ធិរបស់អ្នកជាប់ឃុំ',
  ],
  groups: [
    'សកម្មជនសហគមន៍', 'អ្នកការពារសិទ្ធិដីធ្លី', 'កម្មករកាត់ដេរ', 'អ្នកសារព័ត៌មាន', 'និស្សិត', 'សកម្មជនបរិស្ថាន',
    'សកម្មជនយុវជន', 'កសិករ', 'សមាជិកសហជីព', 'មេដឹកនាំស្ត្រី',
  ],
  passives: ['ត្រូវបានចាប់ខ្លួន', 'ត្រូវបានសួរចម្លើយ', 'ត្រូវបានគំរាមកំហែង', 'ត្រូវបានឃ្លាំមើល', 'ត្រូវបានពិន័យ', 'ត្រូវបានចោទប្រកាន់'],
  sources: [
    'យោងតាមទិន្នន័យតាមដាន', 'យោងតាមឯកសារតុលាការ', 'យោងតាមបទសម្ភាសន៍ជាមួយគ្រួសាររងផលប៉ះពាល់',
    'យោងតាមមូលដ្ឋានទិន្នន័យករណី', 'យោងតាមរបាយការណ៍របស់អ្នកតាមដានខេត្ត', 'យោងតាមសេចក្តីថ្លែងការណ៍ផ្លូវការ',
  ],
  connectors: ['លើសពីនេះ', 'ក្នុងពេលជាមួយគ្នានេះ', 'ទោះបីមានការប្តេជ្ញាទាំងនេះក្តី', 'ជាលទ្ធផល', 'ក្នុងករណីមួយចំនួន', 'ពេញមួយឆ្នាំ', 'ផ្ទុយទៅវិញ'],
  headings: ['សាវតា', 'វិធីសាស្ត្រ', 'លទ្ធផលសំខាន់ៗ', 'ក្របខ័ណ្ឌច្បាប់', 'ករណីសិក្សា', 'អនុសាសន៍', 'សេចក្តីសន្និដ្ឋាន'],
  glue: ['និង', 'នៅក្នុង', 'ដែល', 'ចំពោះ', 'ដើម្បី', 'ជាពិសេស', 'ព្រមទាំង'],
  recommend: ['គួរតែ', 'ត្រូវតែ', 'ត្រូវបានអំពាវនាវឱ្យ'],
};
