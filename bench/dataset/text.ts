import { EN, KM, PERIODS, PROVINCES, type Bilingual } from './words.js';

/**
 * A small seeded generator (mulberry32): the same seed gives the same data set on every
 * machine, so results from two runs compare the same pages.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return entries[entries.length - 1]![0];
  }

  /** `count` distinct items, in the order drawn. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < count && pool.length) out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]!);
    return out;
  }
}

const KHMER_DIGITS = '០១២៣៤៥៦៧៨៩';

export function toKhmerDigits(value: number | string): string {
  return String(value).replace(/[0-9]/g, (d) => KHMER_DIGITS[Number(d)]!);
}

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/'/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const countWords = (s: string) => s.split(/\s+/).filter(Boolean).length;

function englishSentence(rng: Random, year: number): string {
  const province = rng.pick(PROVINCES).en;
  const period = rng.pick(PERIODS).en;
  switch (rng.int(0, 5)) {
    case 0:
      return `${capitalise(rng.pick(EN.actors))} ${rng.pick(EN.pastVerbs)} ${rng.pick(EN.objects)} in ${province} ${period}.`;
    case 1:
      return `According to ${rng.pick(EN.sources)}, ${rng.pick(EN.numbers)} ${rng.pick(EN.groups)} ${rng.pick(EN.passives)} in ${province} in ${year}.`;
    case 2:
      return `${capitalise(rng.pick(EN.actors))} should ${rng.pick(EN.baseVerbs)} ${rng.pick(EN.objects)} and ${rng.pick(EN.baseVerbs)} ${rng.pick(EN.objects)}.`;
    case 3:
      return `${rng.pick(EN.connectors)}, ${rng.pick(EN.actors)} ${rng.pick(EN.pastVerbs)} ${rng.pick(EN.objects)}, while ${rng.pick(EN.groups)} in ${province} ${rng.pick(EN.passives)}.`;
    case 4:
      return `This section sets out how ${rng.pick(EN.objects)} affects ${rng.pick(EN.groups)} and what ${rng.pick(EN.actors)} have done about it ${period}.`;
    default:
      return `Interviews in ${province} show that ${rng.pick(EN.groups)} rarely learn in advance how ${rng.pick(EN.objects)} will be applied to them.`;
  }
}

function khmerSentence(rng: Random, year: number): string {
  const province = rng.pick(PROVINCES).km;
  const period = rng.pick(PERIODS).km;
  const yearKm = `ឆ្នាំ${toKhmerDigits(year)}`;
  // Khmer separates phrases (not words) with a space; words inside a phrase run together.
  switch (rng.int(0, 4)) {
    case 0:
      return `${rng.pick(KM.actors)}${rng.pick(KM.pastVerbs)}${rng.pick(KM.objects)}នៅ${province}${period}។`;
    case 1:
      return `${rng.pick(KM.sources)} ${rng.pick(KM.groups)}ចំនួន${toKhmerDigits(rng.int(2, 48))}នាក់${rng.pick(KM.passives)}នៅ${province}ក្នុង${yearKm}។`;
    case 2:
      return `${rng.pick(KM.actors)}${rng.pick(KM.recommend)}${rng.pick(KM.baseVerbs)}${rng.pick(KM.objects)}${rng.pick(KM.glue)}${rng.pick(KM.baseVerbs)}${rng.pick(KM.objects)}។`;
    case 3:
      return `${rng.pick(KM.connectors)} ${rng.pick(KM.actors)}${rng.pick(KM.pastVerbs)}${rng.pick(KM.objects)} ខណៈដែល${rng.pick(KM.groups)}នៅ${province}${rng.pick(KM.passives)}។`;
    default:
      return `ផ្នែកនេះបង្ហាញពីរបៀបដែល${rng.pick(KM.objects)}ប៉ះពាល់ដល់${rng.pick(KM.groups)}${rng.pick(KM.glue)}${rng.pick(KM.actors)}${rng.pick(KM.pastVerbs)}បញ្ហានេះ${period}។`;
  }
}

/** Khmer has no spaces between words; about five code points make a word on average. */
const khmerWords = (s: string) => Math.round([...s].length / 5);

/**
 * An HTML body of roughly `targetWords` words: paragraphs of three to six sentences, with a
 * heading every few paragraphs, as editors' rich text comes out of the Markdown renderer.
 */
export function generateBody(rng: Random, locale: 'en' | 'km', year: number, targetWords: number): string {
  const sentence = locale === 'en' ? englishSentence : khmerSentence;
  const words = locale === 'en' ? countWords : khmerWords;
  const headings = locale === 'en' ? EN.headings : KM.headings;
  const parts: string[] = [];
  let total = 0;
  let paragraph = 0;
  while (total < targetWords) {
    if (paragraph > 0 && paragraph % 3 === 0) parts.push(`<h2>${headings[(paragraph / 3) % headings.length]}</h2>`);
    const sentences: string[] = [];
    for (let i = rng.int(3, 6); i > 0; i--) sentences.push(sentence(rng, year));
    const text = sentences.join(' ');
    total += words(text);
    parts.push(`<p>${escapeHtml(text)}</p>`);
    paragraph++;
  }
  return parts.join('\n');
}

export function generateSummary(rng: Random, locale: 'en' | 'km', subject: Bilingual, place: Bilingual): string {
  if (locale === 'en') {
    return `${subject.en} in ${place.en}: what ${rng.pick(EN.actors)} ${rng.pick(EN.pastVerbs)} and what should change for ${rng.pick(EN.groups)}.`;
  }
  return `${subject.km}នៅ${place.km} ${rng.pick(KM.actors)}${rng.pick(KM.pastVerbs)}បញ្ហានេះ ហើយ${rng.pick(KM.groups)}ត្រូវការការផ្លាស់ប្តូរ។`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
