import { formatNumber, formatYear } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { localePath } from '../../web/paths.js';
import { MAP_ATTRIBUTION, MAP_ATTRIBUTION_LANG, provinceMap } from './map/province-shapes.js';
import { statisticsMessages } from './statistics.messages.js';
import { mapClass, MAP_CLASSES, type Cell } from './statistics.presenter.js';

/*
 * Charts drawn on the server as inline SVG: no script, no external request, readable when
 * printed. Each chart is a picture of a table placed beside it, which is what screen readers
 * and anyone who wants exact numbers should use; the SVG is labelled as an image.
 */

const WIDTH = 640;
/** A province's name on the map, as a share of the map's width: about 15 px on a 375 px phone. */
const MAP_NAME_SCALE = 0.044;
/** The portal's path, repeated here because the views import the charts. */
const PORTAL_PATH = '/human-rights-portal';

const countText = (count: number, locale: Locale): string => formatNumber(count, locale);

interface ChartProps {
  id: string;
  title: string;
  cells: Cell[];
  locale: Locale;
}

/** Horizontal bars, each label above its bar so long Khmer labels never collide. */
export function HorizontalBarChart({ id, title, cells, locale }: ChartProps) {
  const rowHeight = 58;
  const labelWidth = 0;
  const valueWidth = 56;
  const barArea = WIDTH - labelWidth - valueWidth;
  const max = Math.max(1, ...cells.map((c) => c.count));
  const height = Math.max(rowHeight, cells.length * rowHeight);
  return (
    <svg
      class="chart chart--bars"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      role="img"
      aria-labelledby={`${id}-title`}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${id}-title`}>{statisticsMessages[locale].chartOf(title)}</title>
      {cells.map((cell, i) => {
        const y = i * rowHeight;
        const width = Math.max(2, (cell.count / max) * barArea);
        return (
          <g class="chart__row">
            <text class="chart__label" x={labelWidth} y={y + 22}>
              {cell.label}
            </text>
            <rect class="chart__bar" x={labelWidth} y={y + 34} width={width.toFixed(1)} height={16} rx={2}>
              <title>{`${cell.label}: ${countText(cell.count, locale)}`}</title>
            </rect>
            <text class="chart__value" x={(labelWidth + width + 6).toFixed(1)} y={y + 47}>
              {countText(cell.count, locale)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Round steps for an axis: 1, 2, 5 × 10ⁿ, about five of them. */
export function niceStep(max: number): number {
  const rough = Math.max(1, max) / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
  return Math.max(1, step);
}

/** A time series: one column per year, with a value axis. */
export function YearChart({ id, title, cells, locale }: ChartProps) {
  const height = 270;
  const left = 56;
  const bottom = 38;
  const top = 20;
  const plotHeight = height - top - bottom;
  const max = Math.max(1, ...cells.map((c) => c.count));
  const step = niceStep(max);
  const axisMax = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= axisMax; v += step) ticks.push(v);
  const slot = (WIDTH - left) / Math.max(1, cells.length);
  const barWidth = Math.max(4, Math.min(40, slot * 0.7));
  const yOf = (v: number) => top + plotHeight - (v / axisMax) * plotHeight;
  // Label every year while they fit, else every other one.
  const labelEvery = slot < 30 ? 2 : 1;
  return (
    <svg
      class="chart chart--years"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      role="img"
      aria-labelledby={`${id}-title`}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${id}-title`}>{statisticsMessages[locale].chartOf(title)}</title>
      {ticks.map((v) => (
        <g class="chart__tick">
          <line class="chart__grid" x1={left} x2={WIDTH} y1={yOf(v).toFixed(1)} y2={yOf(v).toFixed(1)} />
          <text class="chart__axis" x={left - 6} y={(yOf(v) + 4).toFixed(1)} text-anchor="end">
            {formatNumber(v, locale)}
          </text>
        </g>
      ))}
      {cells.map((cell, i) => {
        const x = left + i * slot + (slot - barWidth) / 2;
        const y = yOf(cell.count);
        const year = formatYear(Number(cell.code), locale);
        return (
          <g class="chart__column">
            {cell.count > 0 && (
              <rect
                class="chart__bar"
                x={x.toFixed(1)}
                y={y.toFixed(1)}
                width={barWidth.toFixed(1)}
                height={(top + plotHeight - y).toFixed(1)}
              >
                <title>{`${year}: ${countText(cell.count, locale)}`}</title>
              </rect>
            )}
            {i % labelEvery === 0 && (
              <text class={i % 2 === 1 ? 'chart__axis chart__axis--alternate' : 'chart__axis'} x={(x + barWidth / 2).toFixed(1)} y={height - 10} text-anchor="middle">
                {year}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

/** The legend's text for a shading class. */
export function mapClassLabel(index: number, locale: Locale): string {
  const c = MAP_CLASSES[index]!;
  if (c.max === Infinity) return `${formatNumber(c.min, locale)}+`;
  if (c.min === c.max) return formatNumber(c.min, locale);
  return `${formatNumber(c.min, locale)}–${formatNumber(c.max, locale)}`;
}

/** Cambodia's provinces shaded by count; each province names itself and its count on hover. */
export function ProvinceMapChart({ id, title, cells, locale }: ChartProps) {
  const map = provinceMap();
  const t = statisticsMessages[locale];
  const byIso = new Map(cells.filter((c) => c.iso).map((c) => [c.iso!, c]));
  return (
    <div class="portal-map">
      {/* A group, not an image: each province is a link (to the portal filtered by it) that names itself on hover and focus. */}
      <svg
        class="chart chart--map"
        viewBox={`0 0 ${map.width} ${map.height}`}
        width={map.width}
        height={map.height}
        role="group"
        aria-labelledby={`${id}-title ${id}-desc`}
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{t.mapDescription}</desc>
        {map.shapes.map((shape) => {
          const cell = byIso.get(shape.iso);
          const count = cell ? cell.count : 0;
          const name = cell?.label ?? shape.name;
          const label = `${name}: ${t.acts(countText(count, locale))}`;
          const path = (
            <path class={`map__province map__province--c${mapClass(count)}`} d={shape.d} data-iso={shape.iso}>
              <title>{label}</title>
            </path>
          );
          if (!cell) return path;
          return (
            <a class="map__link" href={`${localePath(locale, PORTAL_PATH)}?province=${cell.code}#provinces`} aria-label={label}>
              {path}
              <text class="map__name" x={shape.centre[0].toFixed(1)} y={shape.centre[1].toFixed(1)} text-anchor="middle" font-size={(map.width * MAP_NAME_SCALE).toFixed(1)}>
                {name}
              </text>
            </a>
          );
        })}
      </svg>
      <div class="portal-map__legend">
        <p class="portal-map__legend-title">{t.legend}</p>
        <ul>
          {MAP_CLASSES.map((_, i) => (
            <li>
              <svg class="portal-map__swatch" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
                <rect class={`map__province map__province--c${i}`} width="16" height="16" />
              </svg>
              {mapClassLabel(i, locale)}
            </li>
          ))}
        </ul>
      </div>
      <p class="portal-map__attribution" lang={locale === MAP_ATTRIBUTION_LANG ? undefined : MAP_ATTRIBUTION_LANG}>
        {MAP_ATTRIBUTION}
      </p>
    </div>
  );
}
