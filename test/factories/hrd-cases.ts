import assert from 'node:assert/strict';
import type { StaffAgent } from '../helpers/staff.js';
import type { TestContext } from '../helpers/test-app.js';
import type { Vocabulary } from '../../src/features/hrd-vocabularies/vocabularies.tables.js';

/*
 * Case records built through the real admin forms, so every value
 * goes the way a monitor's would (parsing, sealing, auditing).
 */

export async function termId(t: TestContext, vocabulary: Vocabulary, code: string): Promise<number> {
  const row = await t.db.selectFrom('vocabularyTerms').select('id').where('vocabulary', '=', vocabulary).where('code', '=', code).executeTakeFirstOrThrow();
  return row.id;
}

/** A province with a district that has a commune. */
export async function somePlace(t: TestContext): Promise<{ provinceId: number; districtId: number; communeId: number }> {
  const commune = await t.db
    .selectFrom('places as c')
    .innerJoin('places as d', 'd.id', 'c.parentId')
    .select(['c.id as communeId', 'd.id as districtId', 'd.parentId as provinceId'])
    .where('c.level', '=', 'commune')
    .orderBy('c.id')
    .limit(1)
    .executeTakeFirstOrThrow();
  return { provinceId: commune.provinceId!, districtId: commune.districtId, communeId: commune.communeId };
}

export function post(t: TestContext, agent: StaffAgent, url: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  body.append('_csrf', agent.csrfToken);
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
  return t.app.inject({ method: 'POST', url, headers: { cookie: agent.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
}

export function get(t: TestContext, agent: StaffAgent, url: string) {
  return t.app.inject({ method: 'GET', url, headers: { cookie: agent.cookie } });
}

export async function caseVersion(t: TestContext, caseId: number): Promise<string> {
  return String((await t.db.selectFrom('hrdCases').select('version').where('id', '=', caseId).executeTakeFirstOrThrow()).version);
}

export function multipartBody(fields: Record<string, string>, file?: { name: string; type: string; bytes: Buffer }) {
  const boundary = `----dove${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    chunks.push(file.bytes, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function uploadEvidence(t: TestContext, agent: StaffAgent, caseId: number, description: string, file: { name: string; type: string; bytes: Buffer }) {
  const { payload, contentType } = multipartBody({ _csrf: agent.csrfToken, version: await caseVersion(t, caseId), description }, file);
  return t.app.inject({ method: 'POST', url: `/admin/cases/${caseId}/evidence`, headers: { cookie: agent.cookie, 'content-type': contentType }, payload });
}

function idFromLocation(location: string | undefined): number {
  const m = /\/admin\/cases\/(\d+)/.exec(location ?? '');
  assert.ok(m, `expected a redirect to a case, got ${location}`);
  return Number(m[1]);
}

/**
 * A full case made through the forms, with `mark` in every free-text field: the case, a victim,
 * an event with an exact place, an act with a perpetrator, a source, a timeline entry, an
 * intervention, a fund request and an evidence file.
 */
export async function buildCaseThroughForms(t: TestContext, monitor: StaffAgent, mark: string): Promise<number> {
  const created = await post(t, monitor, '/admin/cases/new', { title: `${mark}-title`, summary: `${mark}-summary`, status: 'open', openedOn: '2024-03-02' });
  assert.equal(created.statusCode, 303, created.body);
  const caseId = idFromLocation(created.headers.location as string);
  const ok = async (path: string, fields: Record<string, string | string[]>) => {
    const res = await post(t, monitor, `/admin/cases/${caseId}/${path}`, { version: await caseVersion(t, caseId), ...fields });
    assert.equal(res.statusCode, 303, `${path}: ${res.body.slice(0, 3000)}`);
  };
  await ok('victims', {
    kind: 'person',
    name: `${mark}-victim`,
    hrdCategory: String(await termId(t, 'hrd_category', 'journalist')),
    sex: 'female',
    ageGroup: 'adult',
    affiliation: `${mark}-affiliation`,
    contact: `${mark}-contact`,
    notes: `${mark}-vnotes`,
  });
  const place = await somePlace(t);
  await ok('events', {
    date: '2024-03',
    accuracy: 'month',
    province: String(place.provinceId),
    district: String(place.districtId),
    commune: String(place.communeId),
    detail: `${mark}-village`,
    description: `${mark}-event`,
  });
  const victim = await t.db.selectFrom('hrdVictims').select('id').where('caseId', '=', caseId).executeTakeFirstOrThrow();
  const event = await t.db.selectFrom('hrdEvents').select('id').where('caseId', '=', caseId).executeTakeFirstOrThrow();
  await ok('acts', {
    event: String(event.id),
    victim: String(victim.id),
    actType: String(await termId(t, 'act_type', 'threat')),
    classification: 'violation',
    verification: String(await termId(t, 'verification', 'confirmed')),
    rights: [String(await termId(t, 'right', 'expression')), String(await termId(t, 'right', 'privacy'))],
    perpetratorType: String(await termId(t, 'perpetrator_type', 'police')),
    involvement: String(await termId(t, 'involvement', 'direct')),
    perpetratorName: `${mark}-perpetrator`,
    notes: `${mark}-anotes`,
  });
  await ok('sources', { name: `${mark}-source`, reliability: String(await termId(t, 'reliability', 'reliable')), obtainedOn: '2024-03-05', notes: `${mark}-snotes` });
  await ok('timeline', { date: '2017', accuracy: 'year', kind: 'charge', text: `${mark}-timeline` });
  await ok('interventions', { type: String(await termId(t, 'intervention_type', 'legal_aid')), victim: String(victim.id), status: 'ongoing', startedOn: '2024-03-10', notes: `${mark}-inotes` });
  await ok('fund-requests', { type: String(await termId(t, 'intervention_type', 'relocation')), victim: String(victim.id), amount: '400', currency: 'USD', justification: `${mark}-justification` });
  const upload = await uploadEvidence(t, monitor, caseId, `${mark}-edesc`, { name: `${mark}-file.txt`, type: 'text/plain', bytes: Buffer.from(`${mark}-file-content`) });
  assert.equal(upload.statusCode, 303, upload.body.slice(0, 2000));
  return caseId;
}
