import { formatNumber } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import type { SessionUser } from '../accounts/session-user.js';
import type { Place, VocabularyTerm } from '../hrd-vocabularies/vocabularies.repository.js';
import type { Vocabulary } from '../hrd-vocabularies/vocabularies.tables.js';
import { fundMessages } from './fund-requests.messages.js';
import type { FundRequestRow } from './fund-requests.repository.js';
import { formatCaseDate } from './case-dates.js';
import type { CaseDetail } from './case-detail.js';
import { casesMessages } from './cases.messages.js';
import { can } from './cases.policy.js';
import type { DateAccuracy } from './cases.tables.js';

/*
 * Turns an opened case into what its page shows for this user: what they may do, the support
 * fund requests they may see (and how much of each), and the case's dated history.
 */

export interface Lookups {
  /** Active terms per vocabulary, in display order: for the selects of new records. */
  terms: Record<Vocabulary, VocabularyTerm[]>;
  /** The label of any term, retired ones included: for stored records. */
  label: (id: number | null | undefined) => string;
  provinces: Place[];
  placeLabel: (id: number | null | undefined) => string;
}

export interface CasePermissions {
  edit: boolean;
  delete: boolean;
  export: boolean;
  uploadEvidence: boolean;
  downloadEvidence: boolean;
  recordSupport: boolean;
  fundView: boolean;
  fundRequest: boolean;
  /** The "Publish an alert" action (HRD alerts). */
  publishAlert: boolean;
}

export function casePermissions(user: SessionUser): CasePermissions {
  return {
    edit: can(user, 'cases.edit'),
    delete: can(user, 'cases.delete'),
    export: can(user, 'cases.export'),
    uploadEvidence: can(user, 'evidence.upload'),
    downloadEvidence: can(user, 'evidence.download'),
    recordSupport: can(user, 'interventions.edit', { fundRequestId: null }),
    fundView: can(user, 'fund.view'),
    fundRequest: can(user, 'fund.request'),
    publishAlert: can(user, 'alerts.publish'),
  };
}

/** A fund request as this user may see it: all of it for the fund, the status for its requester. */
export interface VisibleFundRequest {
  id: number;
  typeId: number;
  status: FundRequestRow['status'];
  requestedAt: string;
  /** Null when only the status may be seen. */
  amounts: { requested: number; approved: number | null; disbursed: number | null; currency: string } | null;
}

export function visibleFundRequests(user: SessionUser, rows: FundRequestRow[]): VisibleFundRequest[] {
  const full = can(user, 'fund.view');
  return rows
    .filter((r) => full || (can(user, 'fund.request') && r.requestedBy === user.id))
    .map((r) => ({
      id: r.id,
      typeId: r.typeId,
      status: r.status,
      requestedAt: r.requestedAt,
      amounts: full ? { requested: r.requestedAmount, approved: r.approvedAmount, disbursed: r.disbursedAmount, currency: r.currency } : null,
    }));
}

/** The amount of an intervention, unless it is the fund's money and this user is not the fund. */
export function visibleAmount(user: SessionUser, i: { amount: number | null; currency: string | null; fundRequestId: number | null }, locale: Locale): string | null {
  if (i.amount === null) return '';
  if (i.fundRequestId !== null && !can(user, 'fund.view')) return null;
  return formatMoney(i.amount, i.currency ?? '', locale);
}

export function formatMoney(amount: number, currency: string, locale: Locale): string {
  return `${formatNumber(amount, locale)} ${currency}`;
}

export interface TimelineItem {
  date: string;
  accuracy: DateAccuracy;
  dateText: string;
  kind: 'event' | 'entry' | 'intervention' | 'fund';
  label: string;
  text: string | null;
}

const ORDER: Record<TimelineItem['kind'], number> = { event: 0, entry: 1, intervention: 2, fund: 3 };

/**
 * The case's history in date order: its events, its timeline entries, the support given, and —
 * for those who may see the fund — the fund's requests, decisions and payments. Each date is
 * shown as exactly as it is known ("March 2019", "2017", "about June 2020").
 */
export function buildTimeline(user: SessionUser, detail: CaseDetail, fundRows: FundRequestRow[], lookups: Lookups, locale: Locale): TimelineItem[] {
  const t = casesMessages[locale];
  const items: Array<Omit<TimelineItem, 'dateText'>> = [];
  for (const e of detail.events) {
    const acts = detail.acts.filter((a) => a.eventId === e.id).map((a) => lookups.label(a.actTypeId));
    items.push({ date: e.occurredOn, accuracy: e.dateAccuracy, kind: 'event', label: acts.length ? acts.join(', ') : t.timelineEvent, text: e.description });
  }
  for (const x of detail.timeline) items.push({ date: x.occurredOn, accuracy: x.dateAccuracy, kind: 'entry', label: t[`kind_${x.kind}`], text: x.text });
  for (const i of detail.interventions) {
    const type = lookups.label(i.typeId);
    if (i.startedOn) items.push({ date: i.startedOn, accuracy: 'day', kind: 'intervention', label: t.interventionStarted(type), text: null });
    if (i.endedOn) items.push({ date: i.endedOn, accuracy: 'day', kind: 'intervention', label: t.interventionEnded(type), text: null });
  }
  if (can(user, 'fund.view')) {
    const outcome = { approved: fundMessages[locale].outcome_approved, declined: fundMessages[locale].outcome_declined };
    for (const r of fundRows) {
      const type = lookups.label(r.typeId);
      items.push({ date: r.requestedAt.slice(0, 10), accuracy: 'day', kind: 'fund', label: t.fundRequested(type), text: null });
      if (r.decidedAt && r.approvedAmount !== null) items.push({ date: r.decidedAt.slice(0, 10), accuracy: 'day', kind: 'fund', label: t.fundDecided(type, outcome.approved), text: null });
      else if (r.decidedAt) items.push({ date: r.decidedAt.slice(0, 10), accuracy: 'day', kind: 'fund', label: t.fundDecided(type, outcome.declined), text: null });
      if (r.disbursedOn) items.push({ date: r.disbursedOn, accuracy: 'day', kind: 'fund', label: t.fundDisbursed(type), text: null });
    }
  }
  return items
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : ORDER[a.kind] - ORDER[b.kind]))
    .map((x) => ({ ...x, dateText: formatCaseDate(x.date, x.accuracy, locale) }));
}

export function placeIdsOf(detail: CaseDetail): number[] {
  const ids = new Set<number>();
  for (const e of detail.events) {
    if (e.provinceId) ids.add(e.provinceId);
    if (e.place?.districtId) ids.add(e.place.districtId);
    if (e.place?.communeId) ids.add(e.place.communeId);
  }
  return [...ids];
}
