import { queryValue } from './query-value.js';
import type { ListFilterValues } from './case-list.views.js';
import type { Lookups } from './case-page.presenter.js';
import type { CaseFilter } from './cases.repository.js';
import { CASE_STATUSES, type CaseStatus } from './cases.tables.js';

/** The list's filters from the query string; anything unexpected is ignored, never an error. */
export function readListFilter(query: unknown, lookups: Lookups): { filter: CaseFilter; values: ListFilterValues; page: number } {
  const values: ListFilterValues = {};
  const filter: CaseFilter = {};
  const status = queryValue(query, 'status');
  if ((CASE_STATUSES as readonly string[]).includes(status)) filter.status = values.status = status as CaseStatus;
  const province = Number(queryValue(query, 'province'));
  if (lookups.provinces.some((p) => p.id === province)) {
    filter.provinceId = province;
    values.province = String(province);
  }
  const year = Number(queryValue(query, 'year'));
  if (Number.isInteger(year) && year >= 1900 && year <= 2200) {
    filter.year = year;
    values.year = String(year);
  }
  const actType = Number(queryValue(query, 'actType'));
  const terms = lookups.terms.act_type ?? [];
  if (terms.some((t) => t.id === actType)) {
    filter.actTypeIds = [actType, ...terms.filter((t) => t.parentId === actType).map((t) => t.id)];
    values.actType = String(actType);
  }
  const reference = queryValue(query, 'q').trim().slice(0, 40);
  if (reference) filter.reference = values.q = reference;
  const page = Math.min(10_000, Math.max(1, Math.trunc(Number(queryValue(query, 'page'))) || 1));
  return { filter, values, page };
}

