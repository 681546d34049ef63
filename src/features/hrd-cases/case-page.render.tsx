import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DbOrTx } from '../../db/database.js';
import { todayIn } from '../../i18n/format.js';
import { userActor } from '../audit/actors.js';
import { csrfTokenFor, sendAdminPage } from '../admin/admin-page.js';
import { refuse } from '../audit/refusals.js';
import { writeAudit } from '../audit/audit.repository.js';
import type { Place } from '../hrd-vocabularies/vocabularies.repository.js';
import { listFundRequests } from './fund-requests.repository.js';
import { readCaseDetail, type CaseDetail } from './case-detail.js';
import type { FormState } from './case-form-controls.js';
import { loadLookups, placeChoices } from './case-lookups.js';
import { buildTimeline, casePermissions, placeIdsOf, visibleAmount, visibleFundRequests } from './case-page.presenter.js';
import { CasePage, type CaseFormName } from './case-page.views.js';
import { casesMessages } from './cases.messages.js';
import { can, type CaseAction } from './cases.policy.js';
import { findCaseHead } from './cases.repository.js';
import { MAX_EVIDENCE_BYTES } from './evidence.store.js';

/** The case id of a URL, or null for anything that is not a plain positive number. */
export function caseIdOf(params: unknown, name = 'id'): number | null {
  const value = (params as Record<string, string | undefined>)[name] ?? '';
  if (!/^\d{1,9}$/.test(value)) return null;
  const id = Number(value);
  return id > 0 ? id : null;
}

export const today = (request: FastifyRequest) => todayIn(request.server.config.timeZone);

/** A read of protected case data, in the audit log: who, which case, what — never a value. */
export async function auditRead(db: DbOrTx, request: FastifyRequest, action: 'case.read' | 'case.export' | 'evidence.download', subjectType: string, subjectId: number, after: Record<string, unknown>) {
  await writeAudit(db, { actor: userActor(request.user!.id), action, subjectType, subjectId: String(subjectId), after });
}

/**
 * Checks that the user may do `action` on this case and may read it at all (fund managers only
 * the cases with a fund request). Sends the 403 (audited) or 404 itself and returns null then.
 */
export async function guardCase(request: FastifyRequest, reply: FastifyReply, caseId: number | null, action: CaseAction, subject: { fundRequestId?: number | null } = {}) {
  const app = request.server;
  const user = request.user!;
  // The widest permission first: someone who may never do this learns nothing about the case.
  if (!can(user, action, { hasFundRequest: true, ...subject }) || !can(user, 'cases.read', { hasFundRequest: true })) {
    await refuse(app, request, reply, action, caseId ?? undefined);
    return null;
  }
  if (caseId === null) {
    await reply.callNotFound();
    return null;
  }
  const head = await findCaseHead(app.db, caseId);
  if (!head) {
    await reply.callNotFound();
    return null;
  }
  if (!can(user, 'cases.read', { hasFundRequest: head.hasFundRequest }) || !can(user, action, { hasFundRequest: head.hasFundRequest, ...subject })) {
    await refuse(app, request, reply, action, caseId);
    return null;
  }
  return head;
}

export interface CasePageOptions {
  status?: number;
  forms?: Partial<Record<CaseFormName, FormState>>;
  notice?: string;
  conflict?: boolean;
  places?: { districts: Place[]; communes: Place[] };
  /** The place lists of the event form sent back (`forms.eventEdit`). */
  editPlaces?: { districts: Place[]; communes: Place[] };
}

/**
 * The district and commune lists of each event's own form: those of its saved place, or, for the
 * form sent back, those of what was chosen in it.
 */
async function eventPlaceChoices(db: DbOrTx, detail: CaseDetail, options: CasePageOptions) {
  const sentFor = Number(options.forms?.eventEdit?.values.eventId);
  const lists = new Map<number, { districts: Place[]; communes: Place[] }>();
  for (const e of detail.events) {
    lists.set(e.id, e.id === sentFor && options.editPlaces ? options.editPlaces : await placeChoices(db, e.provinceId, e.place?.districtId ?? null));
  }
  return lists;
}

/** Opens the case, records the read in the audit log, and renders its page for this user. */
export async function renderCasePage(request: FastifyRequest, reply: FastifyReply, caseId: number, options: CasePageOptions = {}) {
  const app = request.server;
  const user = request.user!;
  const locale = user.locale;
  const detail = await readCaseDetail(app.db, app.vault, caseId);
  if (!detail) return reply.callNotFound();
  await auditRead(app.db, request, 'case.read', 'hrd_case', caseId, { reference: detail.reference });
  const perms = casePermissions(user);
  const [lookups, fundRows, eventPlaces] = await Promise.all([
    loadLookups(app.db, locale, placeIdsOf(detail)),
    listFundRequests(app.db, { caseId }),
    perms.edit ? eventPlaceChoices(app.db, detail, options) : new Map<number, { districts: Place[]; communes: Place[] }>(),
  ]);
  return sendAdminPage(request, reply, {
    title: `${detail.reference} — ${casesMessages[locale].casesTitle}`,
    path: '/admin/cases',
    status: options.status,
    children: (
      <CasePage
        locale={locale}
        csrfToken={csrfTokenFor(reply)}
        detail={detail}
        lookups={lookups}
        perms={perms}
        timeline={buildTimeline(user, detail, fundRows, lookups, locale)}
        fundRequests={visibleFundRequests(user, fundRows)}
        forms={options.forms ?? {}}
        places={options.places ?? { districts: [], communes: [] }}
        eventPlaces={eventPlaces}
        canEditIntervention={(fundRequestId) => can(user, 'interventions.edit', { fundRequestId })}
        amountOf={(i) => visibleAmount(user, i, locale)}
        notice={options.notice}
        conflict={options.conflict}
        maxEvidenceMb={MAX_EVIDENCE_BYTES / 1024 / 1024}
      />
    ),
  });
}
