import { formatNumber, formatYear } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { niceStep } from '../hrd-statistics/statistics.charts.js';
import { labelOf, uprMessages } from './upr.messages.js';
import type { StatusYear } from './upr.presenter.js';
import { ASSESSMENT_STATUSES } from './upr.tables.js';

/*
 * Implementation over time: one stacked column per year, drawn on the server like the portal's
 * charts (statistics.charts.tsx, whose bar chart the tracker uses as it is). The table beside it
 * holds the same numbers for screen readers and anyone who wants them exactly.
 */

const WIDTH = 640;
const HEIGHT = 270;
const LEFT = 56;
const TOP = 20;
const BOTTOM = 38;

export function StatusOverTimeChart({ id, title, years, locale }: { id: string; title: string; years: StatusYear[]; locale: Locale }) {
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const totals = years.map((y) => ASSESSMENT_STATUSES.reduce((sum, s) => sum + y.counts[s], 0));
  const step = niceStep(Math.max(1, ...totals));
  const axisMax = Math.ceil(Math.max(1, ...totals) / step) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= axisMax; v += step) ticks.push(v);
  const yOf = (v: number) => TOP + plotHeight - (v / axisMax) * plotHeight;
  const slot = (WIDTH - LEFT) / Math.max(1, years.length);
  const barWidth = Math.max(6, Math.min(48, slot * 0.6));
  return (
    <svg class="chart chart--years" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT} role="img" aria-labelledby={`${id}-title`} xmlns="http://www.w3.org/2000/svg">
      <title id={`${id}-title`}>{uprMessages[locale].chartOf(title)}</title>
      {ticks.map((v) => (
        <g class="chart__tick">
          <line class="chart__grid" x1={LEFT} x2={WIDTH} y1={yOf(v).toFixed(1)} y2={yOf(v).toFixed(1)} />
          <text class="chart__axis" x={LEFT - 6} y={(yOf(v) + 4).toFixed(1)} text-anchor="end">
            {formatNumber(v, locale)}
          </text>
        </g>
      ))}
      {years.map((y, i) => {
        const x = LEFT + i * slot + (slot - barWidth) / 2;
        let below = 0;
        return (
          <g class="chart__column">
            {ASSESSMENT_STATUSES.map((status) => {
              const count = y.counts[status];
              if (count === 0) return null;
              const top = yOf(below + count);
              const height = yOf(below) - top;
              below += count;
              return (
                <rect class={`chart__bar upr-status--${status}`} x={x.toFixed(1)} y={top.toFixed(1)} width={barWidth.toFixed(1)} height={height.toFixed(1)}>
                  <title>{`${formatYear(y.year, locale)}, ${labelOf('status', status, locale)}: ${formatNumber(count, locale)}`}</title>
                </rect>
              );
            })}
            <text class="chart__axis" x={(x + barWidth / 2).toFixed(1)} y={HEIGHT - 10} text-anchor="middle">
              {formatYear(y.year, locale)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** The legend of the stacked columns: one swatch per status. */
export function StatusLegend({ locale }: { locale: Locale }) {
  return (
    <ul class="upr-legend">
      {ASSESSMENT_STATUSES.map((status) => (
        <li>
          <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
            <rect class={`upr-status--${status}`} width="16" height="16" />
          </svg>
          {labelOf('status', status, locale)}
        </li>
      ))}
    </ul>
  );
}
