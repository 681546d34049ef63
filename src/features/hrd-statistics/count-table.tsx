import { formatNumber } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import type { Cell } from './statistics.presenter.js';

interface CountTableProps {
  id: string;
  caption: string;
  /** The heading of the labels' column and of the counts' column. */
  column: string;
  countColumn: string;
  cells: Cell[];
  locale: Locale;
  /** Marks the table with what it breaks the counts down by (the portal's tables). */
  breakdown?: string;
  /** A row's label, when it is not the cell's own (a year written in the reader's digits). */
  rowLabel?: (cell: Cell) => string;
}

/** The numbers a chart draws, as a table beside it: the chart's text alternative and its data. */
export function CountTable({ id, caption, column, countColumn, cells, locale, breakdown, rowLabel }: CountTableProps) {
  return (
    <div class="portal__table">
      <table id={id} data-breakdown={breakdown}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{column}</th>
            <th scope="col" class="num">
              {countColumn}
            </th>
          </tr>
        </thead>
        <tbody>
          {cells.map((cell) => (
            <tr data-code={cell.code}>
              <th scope="row">{rowLabel ? rowLabel(cell) : cell.label}</th>
              <td class="num" data-count={String(cell.count)}>
                {formatNumber(cell.count, locale)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
