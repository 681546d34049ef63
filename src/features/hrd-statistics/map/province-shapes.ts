import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * The provinces map: boundaries from `provinces.geojson` (geoBoundaries, ODbL; see README.md
 * beside it), projected once to SVG coordinates and simplified with Douglas–Peucker so the whole
 * map weighs a few tens of kilobytes. `npm run build` does this once and writes the result beside
 * the compiled module; a source checkout computes it on first use (about a quarter of a second).
 */

export const MAP_ATTRIBUTION = 'Province boundaries © OpenStreetMap contributors, via geoBoundaries (ODbL)';
/** The licence asks for the attribution as written, so it stays in English on every page. */
export const MAP_ATTRIBUTION_LANG = 'en';
const here = path.dirname(fileURLToPath(import.meta.url));
export const GEOJSON_FILE = path.join(here, 'provinces.geojson');
/** The simplified map as `npm run build` writes it under dist/. */
export const BUILT_MAP_FILE = path.join(here, 'province-map.json');

/** Width of the map's viewBox; the height follows the country's shape. */
const MAP_WIDTH = 600;
/** Douglas–Peucker tolerance in viewBox units: under one pixel at the map's usual size. */
const TOLERANCE = 0.7;
/** Islands smaller than this (in viewBox units, width and height) are left out. */
const MIN_RING_EXTENT = 2;

export interface ProvinceShape {
  /** ISO 3166-2 code, as in the gazetteer's provinces (`places.iso`). */
  iso: string;
  name: string;
  /** SVG path data. */
  d: string;
  /** A point inside the bounding box's centre, for a label if one is wanted. */
  centre: [number, number];
}

export interface ProvinceMap {
  width: number;
  height: number;
  shapes: ProvinceShape[];
}

type Point = [number, number];
type Ring = Point[];

interface Feature {
  properties: { name: string; iso: string };
  geometry: { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
}

/** Perpendicular distance from p to the segment a–b. */
function segmentDistance(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const lengthSquared = dx * dx + dy * dy;
  if (lengthSquared === 0) return Math.hypot(p[0] - a[0], p[1] - a[1]);
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / lengthSquared));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Douglas–Peucker, iterative (no recursion depth limit on long borders). */
export function simplifyLine(points: Point[], tolerance: number): Point[] {
  if (points.length < 3) return points.slice();
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: Array<[number, number]> = [[0, points.length - 1]];
  while (stack.length) {
    const [first, last] = stack.pop()!;
    let maxDistance = 0;
    let index = -1;
    for (let i = first + 1; i < last; i += 1) {
      const distance = segmentDistance(points[i]!, points[first]!, points[last]!);
      if (distance > maxDistance) {
        maxDistance = distance;
        index = i;
      }
    }
    if (index !== -1 && maxDistance > tolerance) {
      keep[index] = 1;
      stack.push([first, index], [index, last]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

/** A closed ring: split at its farthest point so both halves keep their ends. */
function simplifyRing(ring: Ring, tolerance: number): Ring {
  const open = ring.length > 1 && ring[0]![0] === ring.at(-1)![0] && ring[0]![1] === ring.at(-1)![1] ? ring.slice(0, -1) : ring;
  if (open.length < 4) return open;
  let far = 0;
  let farDistance = -1;
  for (let i = 1; i < open.length; i += 1) {
    const d = Math.hypot(open[i]![0] - open[0]![0], open[i]![1] - open[0]![1]);
    if (d > farDistance) {
      farDistance = d;
      far = i;
    }
  }
  const a = simplifyLine(open.slice(0, far + 1), tolerance);
  const b = simplifyLine([...open.slice(far), open[0]!], tolerance);
  return [...a, ...b.slice(1, -1)];
}

const round = (n: number) => Math.round(n * 10) / 10;

export function buildProvinceMap(geojson: { features: Feature[] }): ProvinceMap {
  const rings = (f: Feature): Ring[] => (f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat());
  let minLon = Infinity;
  let maxLon = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (const feature of geojson.features) {
    for (const ring of rings(feature)) {
      for (const [lon, lat] of ring) {
        minLon = Math.min(minLon, lon);
        maxLon = Math.max(maxLon, lon);
        minLat = Math.min(minLat, lat);
        maxLat = Math.max(maxLat, lat);
      }
    }
  }
  // Equirectangular, with longitude scaled at the country's middle latitude: true enough for a
  // country that spans four degrees of latitude.
  const cosLat = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const scale = MAP_WIDTH / ((maxLon - minLon) * cosLat);
  const height = Math.ceil((maxLat - minLat) * scale);
  const project = ([lon, lat]: Point): Point => [(lon - minLon) * cosLat * scale, (maxLat - lat) * scale];

  const shapes = geojson.features.map((feature) => {
    const parts: string[] = [];
    let bx0 = Infinity;
    let bx1 = -Infinity;
    let by0 = Infinity;
    let by1 = -Infinity;
    for (const ring of rings(feature)) {
      const projected = ring.map(project);
      const xs = projected.map((p) => p[0]);
      const ys = projected.map((p) => p[1]);
      const extent = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
      if (extent < MIN_RING_EXTENT) continue;
      const simple = simplifyRing(projected, TOLERANCE);
      if (simple.length < 3) continue;
      for (const [x, y] of simple) {
        bx0 = Math.min(bx0, x);
        bx1 = Math.max(bx1, x);
        by0 = Math.min(by0, y);
        by1 = Math.max(by1, y);
      }
      parts.push(`M${simple.map(([x, y]) => `${round(x)} ${round(y)}`).join('L')}Z`);
    }
    return {
      iso: feature.properties.iso,
      name: feature.properties.name,
      d: parts.join(''),
      centre: [round((bx0 + bx1) / 2), round((by0 + by1) / 2)] as [number, number],
    };
  });
  return { width: MAP_WIDTH, height, shapes };
}

/** The simplified map computed from the GeoJSON file: what the build writes and a source checkout uses. */
export function buildProvinceMapFromFile(file = GEOJSON_FILE): ProvinceMap {
  return buildProvinceMap(JSON.parse(fs.readFileSync(file, 'utf8')) as { features: Feature[] });
}

/** Used by `npm run build`: the map simplified once, as JSON. */
export function writeBuiltProvinceMap(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(buildProvinceMapFromFile())}\n`);
}

/** The map the build wrote, or, in a source checkout that has none, the map computed now. */
export function loadProvinceMap(builtFile = BUILT_MAP_FILE): ProvinceMap {
  if (fs.existsSync(builtFile)) return JSON.parse(fs.readFileSync(builtFile, 'utf8')) as ProvinceMap;
  return buildProvinceMapFromFile();
}

let cached: ProvinceMap | undefined;

/** The simplified map, loaded on first use and kept for the life of the process. */
export function provinceMap(): ProvinceMap {
  cached ??= loadProvinceMap();
  return cached;
}
