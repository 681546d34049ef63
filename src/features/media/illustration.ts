import sharp from 'sharp';

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

/**
 * Draws an abstract landscape (sky, sun, rolling hills, birds) for demo covers and albums:
 * the project ships no photographs of real people or places.
 */
export function illustrationSvg(seed: number, hue: number): string {
  const rnd = random(seed * 7919 + hue);
  const h = ((hue % 360) + 360) % 360;
  const sunX = 200 + rnd() * 1200;
  const sunY = 180 + rnd() * 220;
  const hills = [0, 1, 2, 3].map((layer) => {
    const base = 560 + layer * 120;
    const points: string[] = [`M0 ${HEIGHT_PX}`, `L0 ${base}`];
    for (let x = 0; x <= WIDTH_PX; x += 200) {
      points.push(`Q${x + 100} ${base - 60 - rnd() * 120} ${x + 200} ${base - rnd() * 40}`);
    }
    points.push(`L${WIDTH_PX} ${HEIGHT_PX}Z`);
    const light = 62 - layer * 12;
    return `<path d="${points.join(' ')}" fill="hsl(${(h + 150 + layer * 8) % 360} 38% ${light}%)"/>`;
  });
  const birds = Array.from({ length: 3 + Math.floor(rnd() * 4) }, () => {
    const x = 100 + rnd() * 1400;
    const y = 120 + rnd() * 300;
    const s = 14 + rnd() * 22;
    return `<path d="M${x - s} ${y} Q${x - s / 2} ${y - s / 2} ${x} ${y} Q${x + s / 2} ${y - s / 2} ${x + s} ${y}" stroke="#fff" stroke-width="4" fill="none" stroke-linecap="round"/>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH_PX}" height="${HEIGHT_PX}" viewBox="0 0 ${WIDTH_PX} ${HEIGHT_PX}">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="hsl(${h} 70% 62%)"/><stop offset="1" stop-color="hsl(${(h + 20) % 360} 75% 88%)"/></linearGradient></defs>
<rect width="${WIDTH_PX}" height="${HEIGHT_PX}" fill="url(#sky)"/>
<circle cx="${sunX}" cy="${sunY}" r="${70 + rnd() * 50}" fill="hsl(${(h + 190) % 360} 90% 92%)" opacity="0.9"/>
${birds.join('\n')}
${hills.join('\n')}
</svg>`;
}

export async function renderIllustration(seed: number, hue: number): Promise<Buffer> {
  return sharp(Buffer.from(illustrationSvg(seed, hue))).png().toBuffer();
}
