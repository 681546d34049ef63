import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import { readForm } from '../../web/form-schema.js';
import { userActor } from '../audit/actors.js';
import { csrfTokenFor, sendAdminPage } from '../admin/admin-page.js';
import { refuse } from '../audit/refusals.js';
import { writeAudit } from '../audit/audit.repository.js';
import { createFundRequest } from './fund-requests.repository.js';
import { caseFilesRoutes } from './case-files.routes.js';
import type { FormState } from './case-form-controls.js';
import { emptyForm } from './case-form-controls.js';
import {
  deleteShape,
  parseAct,
  parseActAssessment,
  parseCase,
  parseEvent,
  parseFundRequest,
  parseIntervention,
  parsePerpetrator,
  parseInterventionStatus,
  parseSource,
  parseTimelineEntry,
  parseVictim,
  removeShape,
  versionOf,
  type Parsed,
} from './case-input.js';
import { readListFilter } from './case-list-filter.js';
import { queryValue } from './query-value.js';
import { CaseList, NewCaseForm } from './case-list.views.js';
import { loadLookups } from './case-lookups.js';
import { caseIdOf, guardCase, renderCasePage, today } from './case-page.render.js';
import type { CaseFormName } from './case-page.views.js';
import {
  addAct,
  addEvent,
  addIntervention,
  addPerpetrator,
  addSource,
  addTimelineEntry,
  addVictim,
  updateActAssessment,
  updateEvent,
  updateSource,
  updateTimelineEntry,
  updateVictim,
  findIntervention,
  removePart,
  updateInterventionStatus,
  findEventFacts,
  findSourceFacts,
  findTimelineEntryFacts,
  listActIds,
  listEventIds,
  listSourceIds,
  listTimelineEntryIds,
  listVictimIds,
} from './case-parts.repository.js';
import { casesMessages } from './cases.messages.js';
import { can, type CaseAction } from './cases.policy.js';
import { bumpCaseVersion, createCase, deleteCase, listCases, listEventYears, updateCase } from './cases.repository.js';
import { removeEvidenceFiles } from './evidence.store.js';

export const CASES_PER_PAGE = 50;

const DONE = ['created', 'saved', 'added', 'removed', 'evidence', 'fund'] as const;

class VersionConflict extends Error {}

/** The protected case records: list, new case, the case page and every change to its parts. */
export async function casesRoutes(app: FastifyInstance): Promise<void> {
  // The public portal counts acts by province, year and type: any saved change to a case may
  // change a figure, so the page cache is emptied after every successful change here.
  app.addHook('onResponse', async (request, reply) => {
    if (request.method === 'POST' && reply.statusCode < 400) app.contentChanged();
  });
  await app.register(caseFilesRoutes);

  app.get('/admin/cases', async (request, reply) => {
    const user = request.user!;
    if (!can(user, 'cases.list')) return refuse(app, request, reply, 'cases.list');
    const lookups = await loadLookups(app.db, user.locale);
    const { filter, values, page } = readListFilter(request.query, lookups);
    const [{ rows, total }, years] = await Promise.all([
      listCases(app.db, app.vault, filter, { page, perPage: CASES_PER_PAGE, openTitles: can(user, 'cases.read') }),
      listEventYears(app.db),
    ]);
    const t = casesMessages[user.locale];
    const done = queryValue(request.query, 'deleted');
    return sendAdminPage(request, reply, {
      title: t.casesTitle,
      path: '/admin/cases',
      children: (
        <CaseList
          locale={user.locale}
          rows={rows}
          total={total}
          page={page}
          pages={Math.max(1, Math.ceil(total / CASES_PER_PAGE))}
          filter={values}
          years={years}
          lookups={lookups}
          canCreate={can(user, 'cases.create')}
          canExport={can(user, 'cases.export')}
          notice={/^HRD-\d{4}-\d{4,}$/.test(done) ? t.caseDeleted(done) : undefined}
        />
      ),
    });
  });

  const newCasePage = (request: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) =>
    sendAdminPage(request, reply, {
      title: casesMessages[request.user!.locale].newCase,
      path: '/admin/cases',
      status,
      children: <NewCaseForm locale={request.user!.locale} csrfToken={csrfTokenFor(reply)} form={form} />,
    });

  app.get('/admin/cases/new', async (request, reply) => {
    if (!can(request.user, 'cases.create')) return refuse(app, request, reply, 'cases.create');
    return newCasePage(request, reply, emptyForm({ status: 'open', openedOn: today(request) }));
  });

  app.post('/admin/cases/new', async (request, reply) => {
    const user = request.user!;
    if (!can(user, 'cases.create')) return refuse(app, request, reply, 'cases.create');
    const parsed = parseCase(request.body, today(request));
    if (!parsed.ok) return newCasePage(request, reply, parsed.form, 400);
    const { id, reference } = await app.db.transaction().execute(async (tx) => {
      const created = await createCase(tx, app.vault, parsed.value, user.id);
      await writeAudit(tx, {
        actor: userActor(user.id),
        action: 'case.create',
        subjectType: 'hrd_case',
        subjectId: String(created.id),
        after: { reference: created.reference, status: parsed.value.status, openedOn: parsed.value.openedOn },
      });
      return created;
    });
    request.log.info({ caseId: id, reference }, 'case created');
    return reply.redirect(`/admin/cases/${id}?done=created`, 303);
  });

  app.get('/admin/cases/:id', async (request, reply) => {
    const id = caseIdOf(request.params);
    const head = await guardCase(request, reply, id, 'cases.read');
    if (!head) return reply;
    const done = queryValue(request.query, 'done');
    const t = casesMessages[request.user!.locale];
    const notices: Record<(typeof DONE)[number], string> = { created: t.caseCreated, saved: t.caseSaved, added: t.added, removed: t.removed, evidence: t.evidenceAdded, fund: t.added };
    return renderCasePage(request, reply, head.id, { notice: (DONE as readonly string[]).includes(done) ? notices[done as (typeof DONE)[number]] : undefined });
  });

  // The case's own fields, saved only at the version the form was loaded at.
  app.post('/admin/cases/:id', async (request, reply) => {
    const head = await guardCase(request, reply, caseIdOf(request.params), 'cases.edit');
    if (!head) return reply;
    const user = request.user!;
    const parsed = parseCase(request.body, today(request));
    if (!parsed.ok) return renderCasePage(request, reply, head.id, { status: 400, forms: { case: parsed.form } });
    const saved = await app.db.transaction().execute(async (tx) => {
      if (!(await updateCase(tx, app.vault, head.id, versionOf(request.body), parsed.value))) return false;
      await writeAudit(tx, {
        actor: userActor(user.id),
        action: 'case.update',
        subjectType: 'hrd_case',
        subjectId: String(head.id),
        // Which sealed fields were sent is recorded, never their values.
        before: { status: head.status, openedOn: head.openedOn, closedOn: head.closedOn, version: head.version },
        after: { status: parsed.value.status, openedOn: parsed.value.openedOn, closedOn: parsed.value.closedOn, sealedFields: ['title', 'summary'] },
      });
      return true;
    });
    if (!saved) return renderCasePage(request, reply, head.id, { status: 409, conflict: true, forms: { case: parsed.form } });
    return reply.redirect(`/admin/cases/${head.id}?done=saved`, 303);
  });

  /**
   * One part added to a case: parse, then in one transaction move the case to its next version
   * (refused when the form is stale), save, and audit. Bad input or a conflict shows the page
   * again with that form's values and errors.
   */
  function partRoute<T>(
    path: string,
    action: CaseAction,
    formName: CaseFormName,
    anchor: string,
    parse: (request: FastifyRequest, caseId: number) => Promise<Parsed<T> & { skip?: boolean; places?: { districts: never[] } | object }>,
    save: (tx: Transaction<Database>, caseId: number, value: T, userId: number) => Promise<{ auditAction: string; before?: Record<string, unknown>; after: Record<string, unknown> }>,
  ) {
    // A changed event's place lists belong to its own form, not to the form for a new event.
    const placeOption = (places: { districts: never[]; communes: never[] } | undefined) => (formName === 'eventEdit' ? { editPlaces: places } : { places });
    app.post(`/admin/cases/:id/${path}`, async (request, reply) => {
      const head = await guardCase(request, reply, caseIdOf(request.params), action);
      if (!head) return reply;
      const user = request.user!;
      const parsed = await parse(request, head.id);
      const places = (parsed as { places?: { districts: never[]; communes: never[] } }).places;
      if (parsed.skip) return renderCasePage(request, reply, head.id, { forms: { [formName]: parsed.form }, ...placeOption(places) });
      if (!parsed.ok) return renderCasePage(request, reply, head.id, { status: 400, forms: { [formName]: parsed.form }, ...placeOption(places) });
      const value = parsed.value;
      try {
        await app.db.transaction().execute(async (tx) => {
          if (!(await bumpCaseVersion(tx, head.id, versionOf(request.body)))) throw new VersionConflict();
          const { auditAction, before, after } = await save(tx, head.id, value, user.id);
          await writeAudit(tx, { actor: userActor(user.id), action: auditAction, subjectType: 'hrd_case', subjectId: String(head.id), before, after });
        });
      } catch (err) {
        if (!(err instanceof VersionConflict)) throw err;
        return renderCasePage(request, reply, head.id, { status: 409, conflict: true, forms: { [formName]: parsed.form }, ...placeOption(places) });
      }
      const done = formName === 'fund' ? 'fund' : formName.endsWith('Edit') ? 'saved' : 'added';
      return reply.redirect(`/admin/cases/${head.id}?done=${done}#${anchor}`, 303);
    });
  }

  const lookupsFor = (request: FastifyRequest) => loadLookups(app.db, request.user!.locale);
  const victimIds = (caseId: number) => listVictimIds(app.db, caseId);
  const actIds = (caseId: number) => listActIds(app.db, caseId);
  const eventIds = (caseId: number) => listEventIds(app.db, caseId);

  partRoute(
    'victims',
    'cases.edit',
    'victim',
    'case-victims',
    async (request) => parseVictim(request.body, today(request), await lookupsFor(request)),
    async (tx, caseId, v) => {
      const victimId = await addVictim(tx, app.vault, caseId, v);
      return { auditAction: 'case.victim.add', after: { victimId, kind: v.kind, groupSize: v.groupSize, hrdCategoryId: v.hrdCategoryId, sex: v.sex, ageGroup: v.ageGroup } };
    },
  );

  partRoute(
    'events',
    'cases.edit',
    'event',
    'case-events',
    async (request) => {
      const { parsed, refresh, places } = await parseEvent(app.db, request.body, today(request), await lookupsFor(request));
      return { ...parsed, skip: refresh, places };
    },
    async (tx, caseId, e) => {
      const eventId = await addEvent(tx, app.vault, caseId, e);
      return { auditAction: 'case.event.add', after: { eventId, occurredOn: e.occurredOn, dateAccuracy: e.dateAccuracy, provinceId: e.provinceId } };
    },
  );

  partRoute(
    'acts',
    'cases.edit',
    'act',
    'case-acts',
    async (request, caseId) => parseAct(request.body, today(request), await lookupsFor(request), await eventIds(caseId), await victimIds(caseId)),
    async (tx, _caseId, a) => {
      const actId = await addAct(tx, app.vault, a);
      return {
        auditAction: 'case.act.add',
        after: { actId, eventId: a.eventId, victimId: a.victimId, actTypeId: a.actTypeId, classification: a.classification, verificationId: a.verificationId, rightIds: a.rightIds },
      };
    },
  );

  partRoute(
    'victims/:vid',
    'cases.edit',
    'victimEdit',
    'case-victims',
    async (request, caseId) => {
      const vid = caseIdOf(request.params, 'vid');
      const parsed = parseVictim(request.body, today(request), await lookupsFor(request));
      parsed.form.values.victimId = String(vid ?? '');
      if (!vid || !(await victimIds(caseId)).includes(vid)) return { ok: false, form: { ...parsed.form, errors: { ...parsed.form.errors, name: 'notInCase' } } };
      return parsed.ok ? { ...parsed, value: { ...parsed.value, victimId: vid } } : parsed;
    },
    async (tx, caseId, v) => {
      await updateVictim(tx, app.vault, caseId, v.victimId, v);
      return { auditAction: 'case.victim.update', after: { victimId: v.victimId, kind: v.kind, groupSize: v.groupSize, hrdCategoryId: v.hrdCategoryId, sex: v.sex, ageGroup: v.ageGroup, sealedFields: ['name', 'affiliation', 'contact', 'notes'] } };
    },
  );

  const sourceIds = (caseId: number) => listSourceIds(app.db, caseId);
  const timelineIds = (caseId: number) => listTimelineEntryIds(app.db, caseId);

  partRoute(
    'events/:eventId',
    'cases.edit',
    'eventEdit',
    'case-events',
    async (request, caseId) => {
      const eventId = caseIdOf(request.params, 'eventId');
      const { parsed, refresh, places } = await parseEvent(app.db, request.body, today(request), await lookupsFor(request));
      parsed.form.values.eventId = String(eventId ?? '');
      if (!eventId || !(await eventIds(caseId)).includes(eventId)) return { ok: false, form: { ...parsed.form, errors: { ...parsed.form.errors, date: 'notInCase' } }, places };
      return { ...(parsed.ok ? { ...parsed, value: { ...parsed.value, eventId } } : parsed), skip: refresh, places };
    },
    async (tx, caseId, e) => {
      const before = await findEventFacts(tx, caseId, e.eventId);
      await updateEvent(tx, app.vault, caseId, e.eventId, e);
      return {
        auditAction: 'case.event.update',
        before: { eventId: e.eventId, ...before },
        // The exact place and the description are sealed: only that they were saved is recorded.
        after: { eventId: e.eventId, occurredOn: e.occurredOn, dateAccuracy: e.dateAccuracy, provinceId: e.provinceId, sealedFields: ['location', 'description'] },
      };
    },
  );

  partRoute(
    'sources/:sourceId',
    'cases.edit',
    'sourceEdit',
    'case-sources',
    async (request, caseId) => {
      const sourceId = caseIdOf(request.params, 'sourceId');
      const parsed = parseSource(request.body, today(request), await lookupsFor(request));
      parsed.form.values.sourceId = String(sourceId ?? '');
      if (!sourceId || !(await sourceIds(caseId)).includes(sourceId)) return { ok: false, form: { ...parsed.form, errors: { ...parsed.form.errors, name: 'notInCase' } } };
      return parsed.ok ? { ...parsed, value: { ...parsed.value, sourceId } } : parsed;
    },
    async (tx, caseId, s) => {
      const before = await findSourceFacts(tx, caseId, s.sourceId);
      await updateSource(tx, app.vault, caseId, s.sourceId, s);
      return {
        auditAction: 'case.source.update',
        before: { sourceId: s.sourceId, ...before },
        after: { sourceId: s.sourceId, reliabilityId: s.reliabilityId, obtainedOn: s.obtainedOn, sealedFields: ['name', 'notes'] },
      };
    },
  );

  partRoute(
    'timeline/:entryId',
    'cases.edit',
    'timelineEdit',
    'case-timeline',
    async (request, caseId) => {
      const entryId = caseIdOf(request.params, 'entryId');
      const parsed = parseTimelineEntry(request.body, today(request));
      parsed.form.values.entryId = String(entryId ?? '');
      if (!entryId || !(await timelineIds(caseId)).includes(entryId)) return { ok: false, form: { ...parsed.form, errors: { ...parsed.form.errors, text: 'notInCase' } } };
      return parsed.ok ? { ...parsed, value: { ...parsed.value, entryId } } : parsed;
    },
    async (tx, caseId, e) => {
      const before = await findTimelineEntryFacts(tx, caseId, e.entryId);
      await updateTimelineEntry(tx, app.vault, caseId, e.entryId, e);
      return {
        auditAction: 'case.timeline.update',
        before: { entryId: e.entryId, ...before },
        after: { entryId: e.entryId, occurredOn: e.occurredOn, dateAccuracy: e.dateAccuracy, kind: e.kind, sealedFields: ['text'] },
      };
    },
  );

  partRoute(
    'acts/:actId/assessment',
    'cases.edit',
    'verification',
    'case-acts',
    async (request, caseId) => {
      const actId = caseIdOf(request.params, 'actId');
      const parsed = parseActAssessment(request.body, today(request), await lookupsFor(request));
      if (!actId || !(await actIds(caseId)).includes(actId)) return { ok: false, form: { ...parsed.form, errors: { ...parsed.form.errors, act: 'notInCase' } } };
      return parsed.ok ? { ...parsed, value: { ...parsed.value, actId } } : parsed;
    },
    async (tx, _caseId, a) => {
      await updateActAssessment(tx, a.actId, a);
      return { auditAction: 'case.act.update', after: { actId: a.actId, verificationId: a.verificationId, classification: a.classification } };
    },
  );

  partRoute(
    'perpetrators',
    'cases.edit',
    'perpetrator',
    'case-acts',
    async (request, caseId) => parsePerpetrator(request.body, today(request), await lookupsFor(request), await actIds(caseId)),
    async (tx, _caseId, p) => {
      const perpetratorId = await addPerpetrator(tx, app.vault, p.actId, p);
      return { auditAction: 'case.perpetrator.add', after: { perpetratorId, actId: p.actId, perpetratorTypeId: p.perpetratorTypeId, involvementId: p.involvementId } };
    },
  );

  partRoute(
    'sources',
    'cases.edit',
    'source',
    'case-sources',
    async (request) => parseSource(request.body, today(request), await lookupsFor(request)),
    async (tx, caseId, s) => {
      const sourceId = await addSource(tx, app.vault, caseId, s);
      return { auditAction: 'case.source.add', after: { sourceId, reliabilityId: s.reliabilityId, obtainedOn: s.obtainedOn } };
    },
  );

  partRoute(
    'timeline',
    'cases.edit',
    'timeline',
    'case-timeline',
    async (request) => parseTimelineEntry(request.body, today(request)),
    async (tx, caseId, e, userId) => {
      const entryId = await addTimelineEntry(tx, app.vault, caseId, e, userId);
      return { auditAction: 'case.timeline.add', after: { entryId, occurredOn: e.occurredOn, dateAccuracy: e.dateAccuracy, kind: e.kind } };
    },
  );

  partRoute(
    'interventions',
    'interventions.edit',
    'intervention',
    'case-interventions',
    async (request, caseId) => parseIntervention(request.body, today(request), await lookupsFor(request), await victimIds(caseId), can(request.user, 'fund.view')),
    async (tx, caseId, i, userId) => {
      const interventionId = await addIntervention(tx, app.vault, caseId, i, userId);
      return { auditAction: 'intervention.create', after: { interventionId, typeId: i.typeId, status: i.status, startedOn: i.startedOn, endedOn: i.endedOn, amount: i.amount, currency: i.currency } };
    },
  );

  partRoute(
    'fund-requests',
    'fund.request',
    'fund',
    'case-fund',
    async (request, caseId) => parseFundRequest(request.body, today(request), await lookupsFor(request), await victimIds(caseId)),
    async (tx, caseId, r, userId) => {
      const requestId = await createFundRequest(tx, app.vault, { ...r, caseId }, userId);
      return { auditAction: 'case.fund.request', after: { fundRequestId: requestId } };
    },
  );

  app.post('/admin/cases/:id/interventions/:iid/status', async (request, reply) => {
    const caseId = caseIdOf(request.params);
    const iid = caseIdOf(request.params, 'iid');
    const intervention = caseId && iid ? await findIntervention(app.db, caseId, iid) : undefined;
    const head = await guardCase(request, reply, caseId, 'interventions.edit', { fundRequestId: intervention?.fundRequestId ?? null });
    if (!head) return reply;
    if (!intervention) return reply.callNotFound();
    const user = request.user!;
    const parsed = parseInterventionStatus(request.body, today(request));
    const t = casesMessages[user.locale];
    if (!parsed.ok) return renderCasePage(request, reply, head.id, { status: 400, notice: Object.values(parsed.form.errors).map((k) => t[k!] as string).join(' ') });
    try {
      await app.db.transaction().execute(async (tx) => {
        if (!(await bumpCaseVersion(tx, head.id, versionOf(request.body)))) throw new VersionConflict();
        await updateInterventionStatus(tx, intervention.id, parsed.value);
        await writeAudit(tx, {
          actor: userActor(user.id),
          action: 'intervention.update',
          subjectType: 'hrd_case',
          subjectId: String(head.id),
          before: { interventionId: intervention.id, status: intervention.status, endedOn: intervention.endedOn },
          after: { interventionId: intervention.id, ...parsed.value },
        });
      });
    } catch (err) {
      if (!(err instanceof VersionConflict)) throw err;
      return renderCasePage(request, reply, head.id, { status: 409, conflict: true });
    }
    return reply.redirect(`/admin/cases/${head.id}?done=saved#case-interventions`, 303);
  });

  app.post('/admin/cases/:id/remove', async (request, reply) => {
    const head = await guardCase(request, reply, caseIdOf(request.params), 'cases.edit');
    if (!head) return reply;
    const user = request.user!;
    const read = readForm(removeShape, request.body);
    const t = casesMessages[user.locale];
    if (!read.ok) return renderCasePage(request, reply, head.id, { status: 400, notice: t.notInCase });
    const { part, id: partId, version } = read.value;
    let outcome = 'removed' as 'removed' | 'missing' | 'conflict';
    try {
      await app.db.transaction().execute(async (tx) => {
        if (!(await bumpCaseVersion(tx, head.id, version))) throw new VersionConflict();
        if (!(await removePart(tx, head.id, part, partId))) {
          outcome = 'missing';
          throw new VersionConflict();
        }
        await writeAudit(tx, { actor: userActor(user.id), action: `case.${part}.remove`, subjectType: 'hrd_case', subjectId: String(head.id), before: { part, id: partId } });
      });
    } catch (err) {
      if (!(err instanceof VersionConflict)) throw err;
      if (outcome === 'removed') outcome = 'conflict';
    }
    if (outcome === 'missing') return renderCasePage(request, reply, head.id, { status: 400, notice: t.notInCase });
    if (outcome === 'conflict') return renderCasePage(request, reply, head.id, { status: 409, conflict: true });
    return reply.redirect(`/admin/cases/${head.id}?done=removed`, 303);
  });

  app.post('/admin/cases/:id/delete', async (request, reply) => {
    const head = await guardCase(request, reply, caseIdOf(request.params), 'cases.delete');
    if (!head) return reply;
    const user = request.user!;
    const confirmed = readForm(deleteShape, request.body);
    if (!confirmed.ok || confirmed.value.reference !== head.reference) {
      return renderCasePage(request, reply, head.id, { status: 400, notice: casesMessages[user.locale].deleteCaseConfirm });
    }
    const keys = await app.db.transaction().execute(async (tx) => {
      const removed = await deleteCase(tx, head.id);
      await writeAudit(tx, { actor: userActor(user.id), action: 'case.delete', subjectType: 'hrd_case', subjectId: String(head.id), before: { reference: head.reference, status: head.status } });
      return removed ?? [];
    });
    // Only after the commit: a failed delete keeps its files.
    await removeEvidenceFiles(app.storage, keys);
    return reply.redirect(`/admin/cases?deleted=${encodeURIComponent(head.reference)}`, 303);
  });
}
