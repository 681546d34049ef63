import sharp from 'sharp';
import type { Locale } from '../../i18n/locales.js';

/** A tiny deterministic generator, so the same seed always draws the same picture. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

const WIDTH_PX = 1600;
const HEIGHT_PX = 1000;
/** Where the land (or the water) meets the sky, in pixels from the top. */
const HORIZON_PX = 640;
/** The PNG only carries pixels to storeImage, which decodes it at once: compress it lightly. */
const PNG_COMPRESSION_LEVEL = 1;

type Scene = 'palms' | 'lake' | 'fields';
const SCENES: readonly Scene[] = ['palms', 'lake', 'fields'];

const round = (n: number) => Math.round(n * 10) / 10;

/** A ridge line across the picture: a smooth path from left to right, closed along the bottom. */
function ridge(rnd: () => number, base: number, amplitude: number, step: number, fill: string): string {
  const points = [`M0 ${HEIGHT_PX}`, `L0 ${base}`];
  for (let x = 0; x < WIDTH_PX; x += step) {
    points.push(`Q${x + step / 2} ${round(base - amplitude * (0.4 + rnd()))} ${x + step} ${round(base - rnd() * amplitude * 0.4)}`);
  }
  points.push(`L${WIDTH_PX} ${HEIGHT_PX}Z`);
  return `<path d="${points.join(' ')}" fill="${fill}"/>`;
}

/** A sugar palm, the tree of the Cambodian countryside: a tall thin trunk under a round crown. */
function palm(x: number, ground: number, height: number, lean: number, colour: string): string {
  const topX = x + lean;
  const topY = ground - height;
  const fronds = Array.from({ length: 11 }, (_, i) => {
    const angle = Math.PI * (1.05 + (i / 10) * 0.9);
    const r = height * 0.16;
    return `M${round(topX)} ${round(topY)} L${round(topX + Math.cos(angle) * r)} ${round(topY + Math.sin(angle) * r * 0.9)}`;
  });
  return (
    `<path d="M${round(x)} ${ground} Q${round(x + lean * 0.3)} ${round(ground - height / 2)} ${round(topX)} ${round(topY)}" stroke="${colour}" stroke-width="${round(height * 0.035)}" fill="none"/>` +
    `<path d="${fronds.join(' ')}" stroke="${colour}" stroke-width="${round(height * 0.03)}" stroke-linecap="round"/>` +
    `<circle cx="${round(topX)}" cy="${round(topY)}" r="${round(height * 0.05)}" fill="${colour}"/>`
  );
}

function cloud(rnd: () => number): string {
  const x = rnd() * WIDTH_PX;
  const y = 80 + rnd() * 240;
  const w = 120 + rnd() * 200;
  const puffs = [0, 1, 2, 3].map((i) => {
    const cx = round(x + (i - 1.5) * w * 0.35);
    return `<ellipse cx="${cx}" cy="${round(y - (i % 2) * w * 0.12)}" rx="${round(w * 0.3)}" ry="${round(w * 0.16)}"/>`;
  });
  return `<g fill="#fff" opacity="${round(0.35 + rnd() * 0.3)}">${puffs.join('')}</g>`;
}

/**
 * Draws an abstract Cambodian landscape (sky, sun, clouds, hills, then sugar palms, a lake or
 * rice fields, chosen by the seed) for demo covers and albums: the project ships no
 * photographs of real people or places.
 */
export function illustrationSvg(seed: number, hue: number): string {
  const rnd = random(seed * 7919 + hue);
  const h = ((hue % 360) + 360) % 360;
  const scene = SCENES[Math.abs(seed) % SCENES.length]!;
  const land = (h + 150) % 360;
  const sun = { x: round(200 + rnd() * 1200), y: round(160 + rnd() * 220), r: round(60 + rnd() * 50) };

  const parts: string[] = [
    `<rect width="${WIDTH_PX}" height="${HEIGHT_PX}" fill="url(#sky)"/>`,
    `<circle cx="${sun.x}" cy="${sun.y}" r="${sun.r}" fill="hsl(${(h + 40) % 360} 90% 93%)" opacity="0.92"/>`,
    ...Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => cloud(rnd)),
    ...Array.from({ length: 3 + Math.floor(rnd() * 4) }, () => {
      const x = round(100 + rnd() * 1400);
      const y = round(120 + rnd() * 260);
      const s = round(12 + rnd() * 20);
      return `<path d="M${x - s} ${y} Q${round(x - s / 2)} ${round(y - s / 2)} ${x} ${y} Q${round(x + s / 2)} ${round(y - s / 2)} ${x + s} ${y}" stroke="#fff" stroke-width="4" fill="none" stroke-linecap="round"/>`;
    }),
    // Far ranges are paler and bluer (aerial perspective), near ones darker and greener.
    ridge(rnd, HORIZON_PX - 110, 150, 320, `hsl(${(land + 30) % 360} 22% 72%)`),
    ridge(rnd, HORIZON_PX - 30, 110, 240, `hsl(${(land + 15) % 360} 30% 58%)`),
  ];

  if (scene === 'lake') {
    parts.push(`<rect y="${HORIZON_PX}" width="${WIDTH_PX}" height="${HEIGHT_PX - HORIZON_PX}" fill="url(#water)"/>`);
    for (let i = 0; i < 7; i++) {
      const y = HORIZON_PX + 20 + i * 38 + rnd() * 10;
      const w = sun.r * (1.6 - i * 0.15);
      parts.push(`<rect x="${round(sun.x - w / 2)}" y="${round(y)}" width="${round(w)}" height="6" rx="3" fill="#fff" opacity="${round(0.5 - i * 0.05)}"/>`);
    }
    parts.push(ridge(rnd, HEIGHT_PX - 60, 40, 400, `hsl(${land} 35% 30%)`));
  } else {
    parts.push(ridge(rnd, HORIZON_PX + 60, 70, 200, `hsl(${land} 38% 46%)`));
    if (scene === 'fields') {
      for (let i = 0; i < 6; i++) {
        const y = HORIZON_PX + 90 + i * i * 9 + i * 30;
        const light = 52 - i * 4 + (i % 2) * 6;
        parts.push(`<rect y="${y}" width="${WIDTH_PX}" height="${HEIGHT_PX - y}" fill="hsl(${(land + 10 - i * 3) % 360} 45% ${light}%)"/>`);
      }
    } else {
      parts.push(ridge(rnd, HEIGHT_PX - 120, 60, 260, `hsl(${land} 40% 34%)`));
    }
  }

  const palmColour = `hsl(${land} 35% 16%)`;
  const palmCount = scene === 'palms' ? 4 + Math.floor(rnd() * 4) : 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < palmCount; i++) {
    const x = 80 + rnd() * (WIDTH_PX - 160);
    const ground = scene === 'lake' ? HEIGHT_PX - 15 : HEIGHT_PX - 60 - rnd() * 120;
    parts.push(palm(x, ground, 260 + rnd() * 220, (rnd() - 0.5) * 80, palmColour));
  }

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH_PX}" height="${HEIGHT_PX}" viewBox="0 0 ${WIDTH_PX} ${HEIGHT_PX}">
<defs>
<linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="hsl(${h} 55% 58%)"/><stop offset="0.7" stop-color="hsl(${(h + 25) % 360} 65% 86%)"/></linearGradient>
<linearGradient id="water" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="hsl(${(h + 10) % 360} 40% 70%)"/><stop offset="1" stop-color="hsl(${(h + 200) % 360} 40% 32%)"/></linearGradient>
</defs>
${parts.join('\n')}
</svg>`;
}

export async function renderIllustration(seed: number, hue: number): Promise<Buffer> {
  return sharp(Buffer.from(illustrationSvg(seed, hue))).png({ compressionLevel: PNG_COMPRESSION_LEVEL }).toBuffer();
}

/** Per scene, one alt text per supported locale: a new language adds its own (the type requires it). */
const SCENE_DESCRIPTIONS: Record<(typeof SCENES)[number], Record<Locale, string>> = {
  palms: {
    en: 'Illustration: sugar palms on green hills under a wide sky',
    km: 'រូបគំនូរ៖ ដើមត្នោតនៅលើភ្នំពណ៌បៃតង ក្រោមផ្ទៃមេឃធំទូលាយ',
  },
  lake: {
    en: 'Illustration: a calm lake reflecting the sun, with hills and a few sugar palms',
    km: 'រូបគំនូរ៖ បឹងស្ងប់ស្ងាត់ឆ្លុះពន្លឺព្រះអាទិត្យ មានភ្នំ និងដើមត្នោតពីរបីដើម',
  },
  fields: {
    en: 'Illustration: rice fields stretching to distant hills, with sugar palms',
    km: 'រូបគំនូរ៖ វាលស្រែលាតសន្ធឹងដល់ភ្នំឆ្ងាយៗ មានដើមត្នោត',
  },
};

/** Alt text that says what the illustration of this seed actually shows. */
export function describeIllustration(seed: number, locale: Locale): string {
  return SCENE_DESCRIPTIONS[SCENES[Math.abs(seed) % SCENES.length]!][locale];
}
