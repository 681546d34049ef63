import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { userActor } from '../audit/actors.js';
import { csrfTokenFor, sendAdminPage } from '../admin/admin-page.js';
import { can } from './vocabularies.policy.js';
import { refuse } from '../audit/refusals.js';
import { writeAudit } from '../audit/audit.repository.js';
import { localeField, readPlaceForm, readTermForm, termFormFromTerm, validateTermForm, type TermForm, type TermFormErrors } from './term-form.js';
import { vocabulariesMessages, vocabularyNames } from './vocabularies.messages.js';
import {
  countPlaces,
  createTerm,
  deleteTermIfUnused,
  findPlace,
  findTerm,
  isForeignKeyViolation,
  isVocabulary,
  listChildPlaces,
  listProvinces,
  listTermStates,
  listTerms,
  setTermActive,
  placeName,
  termLabel,
  termUsage,
  termUsageCounts,
  updatePlaceNames,
  updateTerm,
  type Place,
  type VocabularyTerm,
} from './vocabularies.repository.js';
import { textIn } from '../../i18n/translation.js';
import { VOCABULARIES, type Vocabulary } from './vocabularies.tables.js';
import { ADMIN_PATH, InUsePage, PlaceFormPage, PlacesPage, TermFormPage, TermListPage, VocabularyIndexPage } from './vocabularies-admin.views.js';

/*
 * /admin/vocabularies: the controlled vocabularies and the gazetteer, edited by admins only.
 * Terms are added, relabelled, reordered, retired and restored; a term is deleted only when no
 * record uses it. Every change is audited in its transaction and empties the page cache (the
 * public portal shows the labels).
 */

const idParams = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });
const vocabularyParams = z.object({ vocabulary: z.enum(VOCABULARIES) });
const doneQuery = z.object({
  done: z.enum(['created', 'saved', 'retired', 'restored', 'deleted']).optional().catch(undefined),
});
const placesQuery = z.object({
  parent: z.coerce.number().int().min(1).max(2_147_483_647).optional().catch(undefined),
  done: z.enum(['saved']).optional().catch(undefined),
});

const DONE_MESSAGES = { created: 'created', saved: 'saved', retired: 'retiredNotice', restored: 'restoredNotice', deleted: 'deletedNotice' } as const;

export async function vocabulariesAdminRoutes(app: FastifyInstance): Promise<void> {
  const guard = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!can(request.user, 'vocabularies.edit')) return refuse(app, request, reply, 'vocabularies.edit');
  };
  const actor = (request: FastifyRequest) => userActor(request.user!.id);
  const messages = (request: FastifyRequest) => vocabulariesMessages[request.user!.locale];
  const locales = app.config.locales;
  const placeFormFromPlace = (place: Place) => Object.fromEntries(locales.map((l) => [localeField('name', l), textIn(place.names, l)]));

  app.get(ADMIN_PATH, { preHandler: guard }, async (request, reply) => {
    const terms = await listTermStates(app.db);
    const summary = new Map<string, { total: number; retired: number }>();
    for (const term of terms) {
      const s = summary.get(term.vocabulary) ?? { total: 0, retired: 0 };
      s.total += 1;
      if (!term.active) s.retired += 1;
      summary.set(term.vocabulary, s);
    }
    return sendAdminPage(request, reply, {
      title: messages(request).title,
      path: ADMIN_PATH,
      children: <VocabularyIndexPage locale={request.user!.locale} summary={summary} placeCounts={await countPlaces(app.db)} />,
    });
  });

  // ---- Places: listed level by level; only names are edited.

  app.get(`${ADMIN_PATH}/places`, { preHandler: guard }, async (request, reply) => {
    const q = placesQuery.parse(request.query ?? {});
    const parent = q.parent === undefined ? undefined : await findPlace(app.db, q.parent);
    if (q.parent !== undefined && (!parent || parent.level === 'commune')) return reply.callNotFound();
    const grandparent = parent?.parentId ? await findPlace(app.db, parent.parentId) : undefined;
    const places = parent ? await listChildPlaces(app.db, parent.id) : await listProvinces(app.db);
    const t = messages(request);
    return sendAdminPage(request, reply, {
      title: t.places,
      path: ADMIN_PATH,
      children: <PlacesPage locale={request.user!.locale} locales={locales} parent={parent} grandparent={grandparent} places={places} notice={q.done ? t.placeSaved : undefined} />,
    });
  });

  app.get(`${ADMIN_PATH}/places/:id/edit`, { preHandler: guard, schema: { params: idParams } }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof idParams>;
    const place = await findPlace(app.db, id);
    if (!place) return reply.callNotFound();
    return sendAdminPage(request, reply, {
      title: messages(request).editPlace(placeName(place, request.user!.locale, locales)),
      path: ADMIN_PATH,
      children: <PlaceFormPage locale={request.user!.locale} locales={locales} place={place} form={placeFormFromPlace(place)} errors={{}} csrfToken={csrfTokenFor(reply)} />,
    });
  });

  app.post(`${ADMIN_PATH}/places/:id/edit`, { preHandler: guard, schema: { params: idParams } }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof idParams>;
    const { form, errors } = readPlaceForm(request.body, locales);
    const outcome = await app.db.transaction().execute(async (tx) => {
      const before = await findPlace(tx, id);
      if (!before) return 'missing' as const;
      if (Object.keys(errors).length) return { kind: 'refused' as const, place: before };
      const after = await updatePlaceNames(tx, id, locales.map((l) => ({ locale: l, text: form[localeField('name', l)] ?? '' })));
      await writeAudit(tx, { actor: actor(request), action: 'place.update', subjectType: 'place', subjectId: String(id), before, after });
      return { kind: 'saved' as const, place: before };
    });
    if (outcome === 'missing') return reply.callNotFound();
    if (outcome.kind === 'refused') {
      return sendAdminPage(request, reply, {
        title: messages(request).editPlace(placeName(outcome.place, request.user!.locale, locales)),
        path: ADMIN_PATH,
        status: 400,
        children: <PlaceFormPage locale={request.user!.locale} locales={locales} place={outcome.place} form={form} errors={errors} csrfToken={csrfTokenFor(reply)} />,
      });
    }
    app.contentChanged();
    const back = outcome.place.parentId === null ? `${ADMIN_PATH}/places?done=saved` : `${ADMIN_PATH}/places?parent=${outcome.place.parentId}&done=saved`;
    return reply.redirect(back, 303);
  });

  // ---- Terms

  app.get(`${ADMIN_PATH}/:vocabulary`, { preHandler: guard, schema: { params: vocabularyParams } }, async (request, reply) => {
    const { vocabulary } = request.params as z.infer<typeof vocabularyParams>;
    const { done } = doneQuery.parse(request.query ?? {});
    const [terms, usage] = await Promise.all([listTerms(app.db, vocabulary, { includeRetired: true }), termUsageCounts(app.db)]);
    const t = messages(request);
    return sendAdminPage(request, reply, {
      title: vocabularyNames[request.user!.locale][vocabulary],
      path: ADMIN_PATH,
      children: (
        <TermListPage
          locale={request.user!.locale}
          locales={locales}
          vocabulary={vocabulary}
          terms={terms}
          usage={usage}
          csrfToken={csrfTokenFor(reply)}
          notice={done ? t[DONE_MESSAGES[done]] : undefined}
        />
      ),
    });
  });

  const renderTermForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    vocabulary: Vocabulary,
    term: VocabularyTerm | undefined,
    terms: VocabularyTerm[],
    form: TermForm,
    errors: TermFormErrors,
    status = 200,
  ) => {
    const t = messages(request);
    const locale = request.user!.locale;
    const parents = terms.filter((x) => x.parentId === null && x.id !== term?.id);
    return sendAdminPage(request, reply, {
      title: term ? t.editTerm(termLabel(term, locale, locales)) : t.newTerm(vocabularyNames[locale][vocabulary]),
      path: ADMIN_PATH,
      status,
      children: <TermFormPage locale={locale} locales={locales} vocabulary={vocabulary} term={term} form={form} errors={errors} parents={parents} csrfToken={csrfTokenFor(reply)} />,
    });
  };

  const nextPosition = (terms: VocabularyTerm[]) => Math.min(100_000, Math.max(0, ...terms.map((t) => t.position)) + 10);

  app.get(`${ADMIN_PATH}/:vocabulary/new`, { preHandler: guard, schema: { params: vocabularyParams } }, async (request, reply) => {
    const { vocabulary } = request.params as z.infer<typeof vocabularyParams>;
    const terms = await listTerms(app.db, vocabulary, { includeRetired: true });
    return renderTermForm(request, reply, vocabulary, undefined, terms, termFormFromTerm(undefined, nextPosition(terms), locales), {});
  });

  app.post(`${ADMIN_PATH}/:vocabulary/new`, { preHandler: guard, schema: { params: vocabularyParams } }, async (request, reply) => {
    const { vocabulary } = request.params as z.infer<typeof vocabularyParams>;
    const read = readTermForm(request.body, locales, true);
    const attempt = () =>
      app.db.transaction().execute(async (tx) => {
        const terms = await listTerms(tx, vocabulary, { includeRetired: true });
        const result = validateTermForm(read, vocabulary, terms, undefined, locales);
        if (!result.ok) return { kind: 'refused' as const, errors: result.errors, terms };
        const created = await createTerm(tx, vocabulary, result.input);
        await writeAudit(tx, { actor: actor(request), action: 'vocabulary.term.create', subjectType: 'vocabularyTerm', subjectId: String(created.id), before: null, after: created });
        return { kind: 'created' as const, created };
      });
    let outcome: Awaited<ReturnType<typeof attempt>>;
    try {
      outcome = await attempt();
    } catch (error) {
      // The broader term was deleted meanwhile: the same answer as for a parent that is not offered.
      if (!isForeignKeyViolation(error)) throw error;
      outcome = { kind: 'refused' as const, errors: { parentId: 'errorParent' }, terms: await listTerms(app.db, vocabulary, { includeRetired: true }) };
    }
    if (outcome.kind === 'refused') return renderTermForm(request, reply, vocabulary, undefined, outcome.terms, read.form, outcome.errors, 400);
    app.contentChanged();
    return reply.redirect(`${ADMIN_PATH}/${vocabulary}?done=created`, 303);
  });

  app.get(`${ADMIN_PATH}/terms/:id/edit`, { preHandler: guard, schema: { params: idParams } }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof idParams>;
    const term = await findTerm(app.db, id);
    if (!term || !isVocabulary(term.vocabulary)) return reply.callNotFound();
    const terms = await listTerms(app.db, term.vocabulary, { includeRetired: true });
    return renderTermForm(request, reply, term.vocabulary, term, terms, termFormFromTerm(term, term.position, locales), {});
  });

  app.post(`${ADMIN_PATH}/terms/:id/edit`, { preHandler: guard, schema: { params: idParams } }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof idParams>;
    const read = readTermForm(request.body, locales, false);
    const attempt = () =>
      app.db.transaction().execute(async (tx) => {
        const term = await findTerm(tx, id);
        if (!term) return 'missing' as const;
        const terms = await listTerms(tx, term.vocabulary, { includeRetired: true });
        const result = validateTermForm(read, term.vocabulary, terms, term, locales);
        if (!result.ok) return { kind: 'refused' as const, errors: result.errors, term, terms };
        const { code: _code, ...changes } = result.input;
        const after = await updateTerm(tx, id, changes);
        await writeAudit(tx, { actor: actor(request), action: 'vocabulary.term.update', subjectType: 'vocabularyTerm', subjectId: String(id), before: term, after });
        return { kind: 'saved' as const, term };
      });
    let outcome: Awaited<ReturnType<typeof attempt>>;
    try {
      outcome = await attempt();
    } catch (error) {
      // The broader term was deleted meanwhile: the same answer as for a parent that is not offered.
      if (!isForeignKeyViolation(error)) throw error;
      const term = await findTerm(app.db, id);
      if (!term) return reply.callNotFound();
      outcome = { kind: 'refused' as const, errors: { parentId: 'errorParent' }, term, terms: await listTerms(app.db, term.vocabulary, { includeRetired: true }) };
    }
    if (outcome === 'missing') return reply.callNotFound();
    if (outcome.kind === 'refused') return renderTermForm(request, reply, outcome.term.vocabulary, outcome.term, outcome.terms, read.form, outcome.errors, 400);
    app.contentChanged();
    return reply.redirect(`${ADMIN_PATH}/${outcome.term.vocabulary}?done=saved`, 303);
  });

  for (const [verb, active] of [
    ['retire', false],
    ['restore', true],
  ] as const) {
    app.post(`${ADMIN_PATH}/terms/:id/${verb}`, { preHandler: guard, schema: { params: idParams } }, async (request, reply) => {
      const { id } = request.params as z.infer<typeof idParams>;
      const term = await app.db.transaction().execute(async (tx) => {
        const before = await findTerm(tx, id);
        if (!before) return undefined;
        const after = await setTermActive(tx, id, active);
        await writeAudit(tx, { actor: actor(request), action: `vocabulary.term.${verb}`, subjectType: 'vocabularyTerm', subjectId: String(id), before, after });
        return before;
      });
      if (!term) return reply.callNotFound();
      app.contentChanged();
      return reply.redirect(`${ADMIN_PATH}/${term.vocabulary}?done=${active ? 'restored' : 'retired'}`, 303);
    });
  }

  app.post(`${ADMIN_PATH}/terms/:id/delete`, { preHandler: guard, schema: { params: idParams } }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof idParams>;
    const attempt = () =>
      app.db.transaction().execute(async (tx) => {
        const term = await findTerm(tx, id);
        if (!term) return 'missing' as const;
        const usage = await termUsage(tx, id);
        if (usage > 0 || !(await deleteTermIfUnused(tx, id))) return { kind: 'inUse' as const, term, usage };
        await writeAudit(tx, { actor: actor(request), action: 'vocabulary.term.delete', subjectType: 'vocabularyTerm', subjectId: String(id), before: term, after: null });
        return { kind: 'deleted' as const, term };
      });
    let outcome: Awaited<ReturnType<typeof attempt>>;
    try {
      outcome = await attempt();
    } catch (error) {
      // A reference termUsage does not see (a new table, or a row added meanwhile) makes the
      // database refuse the delete: the term is in use, so the answer is the 409 page, not a 500.
      if (!isForeignKeyViolation(error)) throw error;
      const term = await findTerm(app.db, id);
      if (!term) return reply.callNotFound();
      outcome = { kind: 'inUse' as const, term, usage: Math.max(1, await termUsage(app.db, id)) };
    }
    if (outcome === 'missing') return reply.callNotFound();
    if (outcome.kind === 'inUse') {
      return sendAdminPage(request, reply, {
        title: messages(request).inUseTitle,
        path: ADMIN_PATH,
        status: 409,
        children: <InUsePage locale={request.user!.locale} vocabulary={outcome.term.vocabulary} term={outcome.term} usage={outcome.usage} />,
      });
    }
    app.contentChanged();
    return reply.redirect(`${ADMIN_PATH}/${outcome.term.vocabulary}?done=deleted`, 303);
  });
}
