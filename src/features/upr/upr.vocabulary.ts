/*
 * The fixed lists the tracker counts with: the UN regional groups and the UPR themes. Each has a
 * code (stored, used in URLs) and the names a UPR Info export may write for it (matched after
 * `normalizeName`); their labels are in upr.messages.ts, so a missing translation fails `tsc`.
 * Themes follow UPR Info's issue list where it speaks of the organisation's work, with Khmer Krom,
 * land and gender-based violence named on their own as the joint submissions name them.
 */

export const REGIONAL_GROUPS = {
  african: ['african group', 'african', 'africa', 'ag'],
  asia_pacific: ['asia-pacific group', 'asia-pacific', 'asia pacific', 'asia and the pacific', 'apg', 'asia'],
  eastern_european: ['eastern european group', 'eastern european', 'eastern europe', 'eeg'],
  grulac: ['grulac', 'latin american and caribbean group', 'latin america and the caribbean', 'latin america and caribbean'],
  weog: ['weog', 'western european and others group', 'western european and others', 'western europe and others'],
} as const satisfies Record<string, readonly string[]>;
export type RegionalGroup = keyof typeof REGIONAL_GROUPS;
export const REGIONAL_GROUP_CODES = Object.keys(REGIONAL_GROUPS) as [RegionalGroup, ...RegionalGroup[]];

export const THEMES = {
  land: ['land and property', 'land', 'right to land', 'land rights', 'housing', 'right to adequate housing', 'forced evictions'],
  labour: ['labour', 'labor', 'labour rights', 'right to work', 'trade unions', 'just and favourable conditions of work'],
  khmer_krom: ['khmer krom'],
  minorities: ['minorities', 'indigenous peoples', 'minorities and indigenous peoples'],
  gbv: ['gender-based violence', 'gender based violence', 'violence against women'],
  women: ["women's rights", 'women', 'rights of women'],
  information: ['access to information', 'right to information'],
  expression: ['freedom of expression', 'freedom of opinion and expression', 'freedom of the press', 'media'],
  assembly_association: ['freedom of assembly and association', 'freedom of association and peaceful assembly', 'freedom of association', 'freedom of assembly', 'freedom of peaceful assembly'],
  hrds: ['human rights defenders', 'hrds', 'hrd'],
  civil_society: ['civil society'],
  justice: ['justice and fair trial', 'administration of justice and fair trial', 'administration of justice', 'fair trial', 'independence of the judiciary'],
  detention: ['detention and torture', 'torture and other cid', 'torture', 'conditions of detention'],
  elections: ['elections', 'elections and public affairs', 'right to participation in public affairs and right to vote'],
  children: ['rights of the child', 'children', 'child rights'],
  trafficking: ['trafficking in persons', 'trafficking'],
  education: ['right to education', 'education'],
  health: ['right to health', 'health'],
  environment: ['environment', 'climate change'],
  international_instruments: ['international instruments', 'ratification of international instruments', 'acceptance of international norms'],
  nhri: ['national human rights institution', 'nhri'],
  lgbti: ['sexual orientation and gender identity', 'lgbti', 'sogi'],
} as const satisfies Record<string, readonly string[]>;
export type ThemeCode = keyof typeof THEMES;
export const THEME_CODES = Object.keys(THEMES) as [ThemeCode, ...ThemeCode[]];

/** The response as UPR Info ("Supported") or the outcome report ("accepted") writes it. */
export const RESPONSE_NAMES = {
  accepted: ['accepted', 'supported', 'support', 'accept'],
  noted: ['noted', 'note'],
} as const;

/** Lower case, NFC, `&` as "and", punctuation other than hyphens and apostrophes dropped, spaces collapsed. */
export function normalizeName(value: string): string {
  return value
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}'\- ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function finder<K extends string>(table: Record<K, readonly string[]>): (value: string) => K | undefined {
  const byName = new Map<string, K>();
  for (const [code, names] of Object.entries(table) as Array<[K, readonly string[]]>) {
    byName.set(normalizeName(code.replace(/_/g, ' ')), code);
    byName.set(code, code);
    for (const name of names) byName.set(normalizeName(name), code);
  }
  return (value) => byName.get(normalizeName(value)) ?? byName.get(value.trim());
}

export const findRegionalGroup = finder<RegionalGroup>(REGIONAL_GROUPS);
export const findTheme = finder<ThemeCode>(THEMES);
export const findResponse = finder<'accepted' | 'noted'>(RESPONSE_NAMES);

export function isTheme(value: unknown): value is ThemeCode {
  return typeof value === 'string' && Object.hasOwn(THEMES, value);
}
export function isRegionalGroup(value: unknown): value is RegionalGroup {
  return typeof value === 'string' && Object.hasOwn(REGIONAL_GROUPS, value);
}
