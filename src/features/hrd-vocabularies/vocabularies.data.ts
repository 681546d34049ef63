import type { Vocabulary } from './vocabularies.tables.js';

/**
 * The starting terms of each vocabulary, loaded once into an empty database by
 * `ensureReferenceData`. After that the table is the source of truth: admins edit labels, add
 * terms and retire them at /admin/vocabularies. Codes are stable identifiers for exports and
 * tests; they are never shown to readers.
 *
 * The structure follows the HURIDOCS micro-thesauri (acts grouped under broader terms, a
 * perpetrator's degree of involvement, separate scales for the reliability of a source and the
 * verification of an act), narrowed to what monitoring defenders in Cambodia needs.
 */
export interface SeedTerm {
  code: string;
  en: string;
  km: string;
  descriptionEn?: string;
  descriptionKm?: string;
  /** Narrower terms (one level: act types only). */
  children?: SeedTerm[];
}

export const VOCABULARY_SEED: Record<Vocabulary, SeedTerm[]> = {
  act_type: [
    {
      code: 'judicial_harassment',
      en: 'Judicial harassment',
      km: 'ការបៀតបៀនតាមផ្លូវតុលាការ',
      descriptionEn: 'The use of the courts, the police or the law to silence a defender.',
      descriptionKm: 'ការប្រើប្រាស់តុលាការ នគរបាល ឬច្បាប់ ដើម្បីបិទមាត់អ្នកការពារសិទ្ធិមនុស្ស។',
      children: [
        { code: 'arbitrary_arrest', en: 'Arbitrary arrest or detention', km: 'ការចាប់ខ្លួន ឬឃុំខ្លួនតាមអំពើចិត្ត' },
        { code: 'criminal_charge', en: 'Criminal charges', km: 'ការចោទប្រកាន់ពីបទព្រហ្មទណ្ឌ' },
        { code: 'court_summons', en: 'Court summons', km: 'ដីកាកោះហៅរបស់តុលាការ' },
        { code: 'conviction', en: 'Conviction', km: 'ការផ្តន្ទាទោស' },
        { code: 'civil_lawsuit', en: 'Civil lawsuit', km: 'បណ្តឹងរដ្ឋប្បវេណី' },
      ],
    },
    {
      code: 'physical_violence',
      en: 'Physical violence',
      km: 'អំពើហិង្សាលើរាងកាយ',
      children: [
        { code: 'assault', en: 'Physical assault', km: 'ការវាយដំ' },
        { code: 'killing', en: 'Killing', km: 'ការសម្លាប់' },
        { code: 'attempted_killing', en: 'Attempted killing', km: 'ការប៉ុនប៉ងសម្លាប់' },
        { code: 'enforced_disappearance', en: 'Enforced disappearance', km: 'ការបាត់ខ្លួនដោយបង្ខំ' },
      ],
    },
    {
      code: 'intimidation',
      en: 'Threats and intimidation',
      km: 'ការគំរាមកំហែង និងការបំភិតបំភ័យ',
      children: [
        { code: 'threat', en: 'Threats', km: 'ការគំរាមកំហែង' },
        { code: 'surveillance', en: 'Surveillance', km: 'ការតាមដានឃ្លាំមើល' },
        { code: 'online_harassment', en: 'Online harassment', km: 'ការយាយីតាមប្រព័ន្ធអនឡាញ' },
        { code: 'stigmatisation', en: 'Public stigmatisation', km: 'ការបរិហារកេរ្តិ៍ជាសាធារណៈ' },
      ],
    },
    {
      code: 'restriction',
      en: 'Restrictions on activities',
      km: 'ការរឹតត្បិតលើសកម្មភាព',
      children: [
        { code: 'dispersal', en: 'Dispersal of an assembly', km: 'ការបំបែកការជួបប្រជុំ' },
        { code: 'event_ban', en: 'Ban of a meeting or event', km: 'ការហាមឃាត់កិច្ចប្រជុំ ឬព្រឹត្តិការណ៍' },
        { code: 'travel_restriction', en: 'Travel restriction', km: 'ការរឹតត្បិតការធ្វើដំណើរ' },
        { code: 'confiscation', en: 'Confiscation of property', km: 'ការរឹបអូសទ្រព្យសម្បត្តិ' },
        { code: 'forced_eviction', en: 'Forced eviction', km: 'ការបណ្តេញចេញដោយបង្ខំ' },
      ],
    },
  ],
  perpetrator_type: [
    { code: 'police', en: 'Police', km: 'នគរបាល' },
    { code: 'military_police', en: 'Military police', km: 'កងរាជអាវុធហត្ថ' },
    { code: 'armed_forces', en: 'Armed forces', km: 'កងយោធពល' },
    { code: 'local_authority', en: 'Local authorities', km: 'អាជ្ញាធរមូលដ្ឋាន' },
    { code: 'judiciary', en: 'Courts and prosecutors', km: 'តុលាការ និងព្រះរាជអាជ្ញា' },
    { code: 'government_official', en: 'Government officials', km: 'មន្ត្រីរាជរដ្ឋាភិបាល' },
    { code: 'private_company', en: 'Private company', km: 'ក្រុមហ៊ុនឯកជន' },
    { code: 'private_security', en: 'Private security guards', km: 'ឆ្មាំសន្តិសុខឯកជន' },
    { code: 'unidentified', en: 'Unidentified persons', km: 'ជនមិនស្គាល់អត្តសញ្ញាណ' },
    { code: 'other', en: 'Other', km: 'ផ្សេងៗ' },
  ],
  involvement: [
    { code: 'direct', en: 'Direct perpetrator', km: 'ជនប្រព្រឹត្តដោយផ្ទាល់', descriptionEn: 'Carried out the act.', descriptionKm: 'បានប្រព្រឹត្តអំពើនោះដោយខ្លួនឯង។' },
    { code: 'command', en: 'Command responsibility', km: 'ការទទួលខុសត្រូវជាអ្នកបញ្ជា', descriptionEn: 'Ordered the act or had authority over those who carried it out.', descriptionKm: 'បានបញ្ជាឱ្យប្រព្រឹត្ត ឬមានអំណាចលើអ្នកដែលបានប្រព្រឹត្ត។' },
    { code: 'complicit', en: 'Complicity', km: 'ការសមគំនិត', descriptionEn: 'Helped or made the act possible.', descriptionKm: 'បានជួយ ឬធ្វើឱ្យអំពើនោះអាចកើតឡើង។' },
    { code: 'indirect', en: 'Indirect involvement', km: 'ការពាក់ព័ន្ធដោយប្រយោល', descriptionEn: 'Failed to prevent the act or benefited from it.', descriptionKm: 'មិនបានទប់ស្កាត់អំពើនោះ ឬបានទទួលផលពីវា។' },
    { code: 'unknown', en: 'Unknown', km: 'មិនដឹង' },
  ],
  hrd_category: [
    { code: 'community_activist', en: 'Community activist', km: 'សកម្មជនសហគមន៍' },
    { code: 'land_defender', en: 'Land and environmental defender', km: 'អ្នកការពារដីធ្លី និងបរិស្ថាន' },
    { code: 'ngo_worker', en: 'NGO worker', km: 'បុគ្គលិកអង្គការមិនមែនរដ្ឋាភិបាល' },
    { code: 'journalist', en: 'Journalist', km: 'អ្នកសារព័ត៌មាន' },
    { code: 'lawyer', en: 'Lawyer', km: 'មេធាវី' },
    { code: 'trade_union_leader', en: 'Trade union leader', km: 'មេដឹកនាំសហជីព' },
    { code: 'monk', en: 'Buddhist monk', km: 'ព្រះសង្ឃ' },
    { code: 'youth_activist', en: 'Youth activist', km: 'សកម្មជនយុវជន' },
    { code: 'women_rights_defender', en: "Women's rights defender", km: 'អ្នកការពារសិទ្ធិស្ត្រី' },
    { code: 'indigenous_defender', en: 'Indigenous rights defender', km: 'អ្នកការពារសិទ្ធិជនជាតិដើមភាគតិច' },
    { code: 'online_activist', en: 'Online activist', km: 'សកម្មជនលើប្រព័ន្ធអនឡាញ' },
    { code: 'other', en: 'Other', km: 'ផ្សេងៗ' },
  ],
  right: [
    { code: 'expression', en: 'Freedom of expression', km: 'សេរីភាពនៃការបញ្ចេញមតិ' },
    { code: 'assembly', en: 'Freedom of peaceful assembly', km: 'សេរីភាពនៃការជួបប្រជុំដោយសន្តិវិធី' },
    { code: 'association', en: 'Freedom of association', km: 'សេរីភាពនៃការបង្កើតសមាគម' },
    { code: 'liberty_security', en: 'Right to liberty and security', km: 'សិទ្ធិសេរីភាព និងសន្តិសុខផ្ទាល់ខ្លួន' },
    { code: 'fair_trial', en: 'Right to a fair trial', km: 'សិទ្ធិទទួលបានការជំនុំជម្រះក្តីដោយយុត្តិធម៌' },
    { code: 'privacy', en: 'Right to privacy', km: 'សិទ្ធិឯកជនភាព' },
    { code: 'land_housing', en: 'Right to land and housing', km: 'សិទ្ធិដីធ្លី និងលំនៅឋាន' },
    { code: 'life', en: 'Right to life', km: 'សិទ្ធិរស់រានមានជីវិត' },
    { code: 'freedom_from_torture', en: 'Freedom from torture and ill-treatment', km: 'សិទ្ធិរួចផុតពីទារុណកម្ម និងការធ្វើបាប' },
    { code: 'movement', en: 'Freedom of movement', km: 'សេរីភាពនៃការធ្វើដំណើរ' },
    { code: 'healthy_environment', en: 'Right to a healthy environment', km: 'សិទ្ធិទទួលបានបរិស្ថានល្អ' },
    { code: 'labour', en: 'Labour rights', km: 'សិទ្ធិការងារ' },
  ],
  verification: [
    { code: 'confirmed', en: 'Confirmed', km: 'បានបញ្ជាក់', descriptionEn: 'Established by at least two independent reliable sources or by direct observation.', descriptionKm: 'បានបញ្ជាក់ដោយប្រភពឯករាជ្យដែលគួរឱ្យទុកចិត្តយ៉ាងតិចពីរ ឬដោយការសង្កេតផ្ទាល់។' },
    { code: 'likely', en: 'Likely', km: 'ទំនងជាពិត', descriptionEn: 'One reliable source, consistent with what else is known.', descriptionKm: 'មានប្រភពគួរឱ្យទុកចិត្តមួយ ហើយស្របនឹងព័ត៌មានផ្សេងទៀតដែលដឹង។' },
    { code: 'possible', en: 'Possible', km: 'អាចនឹងពិត', descriptionEn: 'Reported, but not yet checked against another source.', descriptionKm: 'មានការរាយការណ៍ ប៉ុន្តែមិនទាន់បានផ្ទៀងផ្ទាត់ជាមួយប្រភពផ្សេងទៀតនៅឡើយ។' },
    { code: 'unlikely', en: 'Unlikely', km: 'មិនទំនងជាពិត', descriptionEn: 'Contradicted by other information.', descriptionKm: 'ផ្ទុយនឹងព័ត៌មានផ្សេងទៀត។' },
    { code: 'unknown', en: 'Unknown', km: 'មិនដឹង' },
  ],
  reliability: [
    { code: 'reliable', en: 'Reliable', km: 'គួរឱ្យទុកចិត្ត', descriptionEn: 'No doubt about the source; a history of complete reliability.', descriptionKm: 'គ្មានការសង្ស័យលើប្រភព និងមានប្រវត្តិគួរឱ្យទុកចិត្តទាំងស្រុង។' },
    { code: 'usually_reliable', en: 'Usually reliable', km: 'ជាធម្មតាគួរឱ្យទុកចិត្ត', descriptionEn: 'Minor doubts; mostly reliable in the past.', descriptionKm: 'មានការសង្ស័យតិចតួច ហើយភាគច្រើនគួរឱ្យទុកចិត្តកាលពីមុន។' },
    { code: 'fairly_reliable', en: 'Fairly reliable', km: 'គួរឱ្យទុកចិត្តបានខ្លះ', descriptionEn: 'Some doubts; reliable at times in the past.', descriptionKm: 'មានការសង្ស័យខ្លះ ហើយគួរឱ្យទុកចិត្តម្តងម្កាលកាលពីមុន។' },
    { code: 'not_usually_reliable', en: 'Not usually reliable', km: 'ជាធម្មតាមិនគួរឱ្យទុកចិត្ត', descriptionEn: 'Serious doubts about the source.', descriptionKm: 'មានការសង្ស័យធ្ងន់ធ្ងរលើប្រភព។' },
    { code: 'unknown', en: 'Unknown', km: 'មិនដឹង', descriptionEn: 'Not enough known about the source to judge it.', descriptionKm: 'មិនមានព័ត៌មានគ្រប់គ្រាន់អំពីប្រភព ដើម្បីវាយតម្លៃ។' },
  ],
  intervention_type: [
    { code: 'legal_aid', en: 'Legal aid', km: 'ជំនួយផ្នែកច្បាប់' },
    { code: 'humanitarian', en: 'Humanitarian support', km: 'ជំនួយមនុស្សធម៌' },
    { code: 'medical', en: 'Medical or psychological care', km: 'ការថែទាំសុខភាព ឬផ្លូវចិត្ត' },
    { code: 'security', en: 'Security support', km: 'ជំនួយផ្នែកសន្តិសុខ' },
    { code: 'relocation', en: 'Temporary relocation', km: 'ការផ្លាស់ទីលំនៅជាបណ្តោះអាសន្ន' },
    { code: 'logistical', en: 'Logistical support', km: 'ជំនួយផ្នែកភស្តុភារ' },
  ],
};

/** A seed term's label and description per language it is written in. */
export function seedTermTexts(term: SeedTerm): Array<{ locale: string; label: string; description: string | null }> {
  return [
    { locale: 'en', label: term.en, description: term.descriptionEn ?? null },
    { locale: 'km', label: term.km, description: term.descriptionKm ?? null },
  ];
}
