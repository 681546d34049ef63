import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { DbOrTx } from '../../db/database.js';
import { formatNumber, todayIn } from '../../i18n/format.js';
import { csrfTokenFor, sendAdminPage } from '../admin/admin-page.js';
import { userActor } from '../audit/actors.js';
import { writeAudit } from '../audit/audit.repository.js';
import { refuse } from '../audit/refusals.js';
import { uprAdminMessages } from './upr.admin.messages.js';
import { AssessPage, UprAdminPage, type AssessErrorKey, type AssessField, type CycleErrorKey, type CycleField } from './upr.admin.views.js';
import { MAX_IMPORT_BYTES } from './upr.csv.js';
import { describeProblems, importRecommendationsFile } from './upr.import.js';
import { can } from './upr.policy.js';
import { presentAssessment, presentRecommendation } from './upr.presenter.js';
import { addAssessment, findRecommendation, listCycles, listRecommendations, saveCycle, type CycleInput } from './upr.repository.js';
import { ASSESSMENT_STATUSES, type AssessmentStatus } from './upr.tables.js';

const ID_MAX = 2_147_483_647;
const MAX_NOTE = 4_000;
const MAX_LINKS = 10;
const MAX_TOTAL = 100_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What the admin pages are handed where features are assembled. */
export interface UprAdminOptions {
  /** Indexes recommendations for search (search's `reindexItem`), in the writing transaction. */
  indexRecommendations: (tx: DbOrTx, ids: readonly number[]) => Promise<void>;
}

const text = (body: unknown, name: string, max = 10_000): string => {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value.slice(0, max).trim() : '';
};

const isDay = (value: string) => DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

/** The cycle form read; totals may be left empty until the outcome report is out. */
function readCycleForm(body: unknown): { values: Record<CycleField, string>; errors: Partial<Record<CycleField, CycleErrorKey>>; input?: CycleInput } {
  const fields: CycleField[] = ['number', 'session', 'sessionDate', 'received', 'accepted', 'noted', 'recommendingStates'];
  const values = Object.fromEntries(fields.map((f) => [f, text(body, f, 200)])) as Record<CycleField, string>;
  const errors: Partial<Record<CycleField, CycleErrorKey>> = {};
  const count = (f: CycleField): number | null => {
    if (values[f] === '') return null;
    const n = /^\d{1,6}$/.test(values[f]) ? Number(values[f]) : NaN;
    if (!(n >= 0 && n <= MAX_TOTAL)) errors[f] = 'errorNumber';
    return n;
  };
  const number = /^\d{1,2}$/.test(values.number) ? Number(values.number) : 0;
  if (number < 1) errors.number = 'errorCycle';
  if (values.sessionDate && !isDay(values.sessionDate)) errors.sessionDate = 'errorSessionDate';
  const [received, accepted, noted, recommendingStates] = (['received', 'accepted', 'noted', 'recommendingStates'] as const).map(count);
  if (!errors.received && !errors.accepted && !errors.noted && received != null && accepted != null && noted != null && accepted + noted !== received) errors.received = 'errorTotals';
  if (Object.keys(errors).length) return { values, errors };
  return { values, errors, input: { number, session: values.session || null, sessionDate: values.sessionDate || null, received: received!, accepted: accepted!, noted: noted!, recommendingStates: recommendingStates! } };
}

/** A link is a path on this site or an https address. */
function isLink(value: string): boolean {
  if (value.startsWith('/') && !value.startsWith('//')) return !/[\s<>"]/.test(value);
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

function readAssessForm(body: unknown, today: string) {
  const values: Record<AssessField, string> = {
    status: text(body, 'status', 40),
    assessedOn: text(body, 'assessedOn', 40),
    noteEn: text(body, 'noteEn', MAX_NOTE + 1),
    noteKm: text(body, 'noteKm', MAX_NOTE + 1),
    links: text(body, 'links', 5_000),
  };
  const errors: Partial<Record<AssessField, AssessErrorKey>> = {};
  if (!(ASSESSMENT_STATUSES as readonly string[]).includes(values.status)) errors.status = 'errorStatus';
  if (!isDay(values.assessedOn) || values.assessedOn > today) errors.assessedOn = 'errorDate';
  if ((!values.noteEn && !values.noteKm) || values.noteEn.length > MAX_NOTE || values.noteKm.length > MAX_NOTE) errors.noteEn = 'errorNote';
  const links = values.links.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (links.length > MAX_LINKS || !links.every(isLink)) errors.links = 'errorLinks';
  return { values, errors, links };
}

/** /admin/upr: import, cycles' totals and assessments, for monitors and admins. */
export function uprAdminRoutes(options: UprAdminOptions): FastifyPluginAsync {
  return (app) => uprAdminPages(app, options);
}

async function uprAdminPages(app: FastifyInstance, { indexRecommendations }: UprAdminOptions): Promise<void> {
  // Registered in this plugin only, for the import form; the file is held in memory up to the limit.
  await app.register(multipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 5, fieldSize: 1024 } });
  const guard = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!can(request.user, 'upr.manage')) return refuse(app, request, reply, 'upr.manage');
  };
  const blankCycle = (): Record<CycleField, string> => ({ number: '', session: '', sessionDate: '', received: '', accepted: '', noted: '', recommendingStates: '' });

  async function adminPage(request: FastifyRequest, reply: FastifyReply, o: { notice?: string; problems?: string[]; importError?: string; cycleValues?: Record<CycleField, string>; cycleErrors?: Partial<Record<CycleField, CycleErrorKey>>; status?: number } = {}) {
    const locale = request.user!.locale;
    const [cycles, rows] = await Promise.all([listCycles(app.db), listRecommendations(app.db, {})]);
    return sendAdminPage(request, reply, {
      title: uprAdminMessages[locale].title,
      path: '/admin/upr',
      status: o.status ?? 200,
      children: (
        <UprAdminPage
          locale={locale}
          csrfToken={csrfTokenFor(reply)}
          cycles={cycles}
          items={rows.map((r) => presentRecommendation(r, locale, app.config.locales))}
          notice={o.notice}
          problems={o.problems}
          importError={o.importError}
          cycleValues={o.cycleValues ?? blankCycle()}
          cycleErrors={o.cycleErrors ?? {}}
        />
      ),
    });
  }

  // A file over the limit stops the upload: answer with the form and the reason.
  app.setErrorHandler(async (error: Error & { statusCode?: number }, request, reply) => {
    if (error.statusCode === 413 && request.url.startsWith('/admin/upr/import') && can(request.user, 'upr.manage')) {
      return adminPage(request, reply, { importError: uprAdminMessages[request.user!.locale].fileTooLarge, status: 413 });
    }
    throw error;
  });

  app.get('/admin/upr', { preHandler: guard }, async (request, reply) => {
    const done = (request.query as Record<string, string> | undefined)?.done;
    const t = uprAdminMessages[request.user!.locale];
    return adminPage(request, reply, { ...(done === 'cycle' ? { notice: t.cycleSaved } : {}) });
  });

  app.post('/admin/upr/import', { preHandler: guard }, async (request, reply) => {
    const locale = request.user!.locale;
    const t = uprAdminMessages[locale];
    const file = (request.body as Record<string, unknown> | undefined)?.file;
    if (!Buffer.isBuffer(file) || file.length === 0) return adminPage(request, reply, { importError: t.fileRequired, status: 400 });
    const outcome = await importRecommendationsFile(app.db, file, userActor(request.user!.id), indexRecommendations);
    if (!outcome.ok) return adminPage(request, reply, { problems: describeProblems(outcome.problems, locale), status: 400 });
    app.contentChanged();
    return adminPage(request, reply, { notice: t.imported(formatNumber(outcome.counts.created, locale), formatNumber(outcome.counts.updated, locale)) });
  });

  app.post('/admin/upr/cycles', { preHandler: guard }, async (request, reply) => {
    const form = readCycleForm(request.body);
    if (!form.input) return adminPage(request, reply, { cycleValues: form.values, cycleErrors: form.errors, status: 400 });
    const input = form.input;
    await app.db.transaction().execute(async (tx) => {
      const id = await saveCycle(tx, input, new Date().toISOString());
      await writeAudit(tx, { actor: userActor(request.user!.id), action: 'upr.cycle.save', subjectType: 'upr_cycle', subjectId: String(id), after: input });
    });
    app.contentChanged();
    return reply.redirect('/admin/upr?done=cycle', 303);
  });

  const idOf = (request: FastifyRequest) => {
    const raw = (request.params as { id: string }).id;
    const id = /^\d{1,10}$/.test(raw) ? Number(raw) : 0;
    return id >= 1 && id <= ID_MAX ? id : undefined;
  };

  async function assessPage(request: FastifyRequest, reply: FastifyReply, id: number, o: { values?: Record<AssessField, string>; errors?: Partial<Record<AssessField, AssessErrorKey>>; notice?: string; status?: number } = {}) {
    const found = await findRecommendation(app.db, id);
    if (!found) return reply.callNotFound();
    const locale = request.user!.locale;
    const order = app.config.locales;
    return sendAdminPage(request, reply, {
      title: uprAdminMessages[locale].assessTitle,
      path: '/admin/upr',
      status: o.status ?? 200,
      children: (
        <AssessPage
          locale={locale}
          csrfToken={csrfTokenFor(reply)}
          item={presentRecommendation(found, locale, order)}
          assessments={found.assessments.map((a) => presentAssessment(a, locale, order))}
          notice={o.notice}
          values={o.values ?? { status: '', assessedOn: todayIn(app.config.timeZone), noteEn: '', noteKm: '', links: '' }}
          errors={o.errors ?? {}}
        />
      ),
    });
  }

  app.get('/admin/upr/:id', { preHandler: guard }, async (request, reply) => {
    const id = idOf(request);
    if (id === undefined) return reply.callNotFound();
    const done = (request.query as Record<string, string> | undefined)?.done;
    return assessPage(request, reply, id, done === 'assessed' ? { notice: uprAdminMessages[request.user!.locale].assessmentSaved } : {});
  });

  app.post('/admin/upr/:id/assessments', { preHandler: guard }, async (request, reply) => {
    const id = idOf(request);
    if (id === undefined) return reply.callNotFound();
    const form = readAssessForm(request.body, todayIn(app.config.timeZone));
    if (Object.keys(form.errors).length) return assessPage(request, reply, id, { values: form.values, errors: form.errors, status: 400 });
    if (!(await findRecommendation(app.db, id))) return reply.callNotFound();
    const notes = [
      ...(form.values.noteEn ? [{ locale: 'en', note: form.values.noteEn }] : []),
      ...(form.values.noteKm ? [{ locale: 'km', note: form.values.noteKm }] : []),
    ];
    const status = form.values.status as AssessmentStatus;
    await app.db.transaction().execute(async (tx) => {
      const assessmentId = await addAssessment(tx, { recommendationId: id, status, assessedOn: form.values.assessedOn, notes, links: form.links, createdBy: request.user!.id }, new Date().toISOString());
      await writeAudit(tx, { actor: userActor(request.user!.id), action: 'upr.assess', subjectType: 'upr_recommendation', subjectId: String(id), after: { assessmentId, status, assessedOn: form.values.assessedOn, notes, links: form.links } });
      await indexRecommendations(tx, [id]);
    });
    app.contentChanged();
    return reply.redirect(`/admin/upr/${id}?done=assessed`, 303);
  });
}
