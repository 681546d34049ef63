import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { form, signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { textIn } from '../../i18n/translation.js';
import { sealContext } from '../hrd-cases/protected-fields.js';
import { VOCABULARY_SEED } from './vocabularies.data.js';
import {
  countPlaces,
  ensureReferenceData,
  findTerm,
  findTermByCode,
  isForeignKeyViolation,
  listCommunes,
  listDistricts,
  listProvinces,
  listTerms,
  placeName,
  readGazetteer,
  termLabel,
  termUsage,
  termUsageCounts,
} from './vocabularies.repository.js';
import { VOCABULARIES } from './vocabularies.tables.js';

const KHMER = /[\u1780-\u17FF]/;

for (const engine of testEngines()) {
  describe(`vocabularies and gazetteer (${engine})`, () => {
    let t: TestContext;
    let admin: StaffAgent;
    before(async () => {
      t = await createTestApp(engine);
      admin = await signInAs(t, 'admin');
    });
    after(() => t.close());

    const post = (agent: StaffAgent, url: string, fields: Record<string, string> = {}) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: agent.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: form({ _csrf: agent.csrfToken, ...fields }).payload,
      });
    const get = (agent: StaffAgent, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: agent.cookie } });
    const auditRows = (action: string) => t.db.selectFrom('auditLog').selectAll().where('action', '=', action).execute();

    it('imports the gazetteer: 25 provinces, 197 districts and every commune of the file', async () => {
      const file = readGazetteer();
      const communesInFile = file.reduce((n, p) => n + p.districts.reduce((m, d) => m + d.communes.length, 0), 0);
      assert.equal(communesInFile, 1646);
      assert.deepEqual(await countPlaces(t.db), { province: 25, district: 197, commune: communesInFile });
      const provinces = await listProvinces(t.db);
      assert.equal(provinces.length, 25);
      assert.equal(new Set(provinces.map((p) => p.iso)).size, 25);
      const phnomPenh = provinces.find((p) => p.iso === 'KH-12')!;
      assert.equal(placeName(phnomPenh, 'en'), 'Phnom Penh Capital');
      assert.match(placeName(phnomPenh, 'km'), /ភ្នំពេញ/);
      const districts = await listDistricts(t.db, phnomPenh.id);
      assert.equal(districts.length, file.find((p) => p.iso === 'KH-12')!.districts.length);
      const communes = await listCommunes(t.db, districts[0]!.id);
      assert.ok(communes.length > 0);
      assert.ok(communes.every((c) => c.level === 'commune' && c.parentId === districts[0]!.id));
    });

    it('loads every vocabulary with real Khmer labels, and loading again changes nothing', async () => {
      for (const vocabulary of VOCABULARIES) {
        const terms = await listTerms(t.db, vocabulary);
        const seeded = VOCABULARY_SEED[vocabulary].reduce((n, term) => n + 1 + (term.children?.length ?? 0), 0);
        assert.equal(terms.length, seeded, vocabulary);
        for (const term of terms) assert.match(textIn(term.labels, 'km'), KHMER, `${vocabulary}:${term.code}`);
      }
      assert.deepEqual(
        (await listTerms(t.db, 'verification')).map((x) => x.code),
        ['confirmed', 'likely', 'possible', 'unlikely', 'unknown'],
      );
      assert.deepEqual(
        (await listTerms(t.db, 'reliability')).map((x) => x.code),
        ['reliable', 'usually_reliable', 'fairly_reliable', 'not_usually_reliable', 'unknown'],
      );
      const acts = await listTerms(t.db, 'act_type');
      const group = acts.find((x) => x.code === 'judicial_harassment')!;
      assert.equal(acts[acts.indexOf(group) + 1]!.parentId, group.id, 'narrower terms follow their broader term');
      const before = await t.db.selectFrom('vocabularyTerms').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.deepEqual(await ensureReferenceData(t.db), []);
      const again = await t.db.selectFrom('vocabularyTerms').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(again.n), Number(before.n));
      assert.equal((await countPlaces(t.db)).commune, 1646);
      const threat = (await findTermByCode(t.db, 'act_type', 'threat'))!;
      assert.equal(termLabel(threat, 'en'), 'Threats');
      assert.equal(termLabel(threat, 'km'), 'ការគំរាមកំហែង');
    });

    it('lets only admins into the vocabularies; others get 403 and an audit row', async () => {
      for (const role of ['editor', 'author', 'monitor', 'fund_manager'] as const) {
        const agent = await signInAs(t, role);
        assert.equal((await get(agent, '/admin/vocabularies')).statusCode, 403, role);
        assert.equal((await get(agent, '/admin/vocabularies/act_type')).statusCode, 403, role);
        const threat = (await findTermByCode(t.db, 'act_type', 'threat'))!;
        const res = await post(agent, `/admin/vocabularies/terms/${threat.id}/edit`, { labelEn: 'Hacked', labelKm: 'ក', position: '1' });
        assert.equal(res.statusCode, 403, role);
        assert.equal((await post(agent, `/admin/vocabularies/terms/${threat.id}/retire`)).statusCode, 403, role);
        assert.equal((await post(agent, '/admin/vocabularies/right/new', { code: 'sneaky', labelEn: 'x', labelKm: 'ក', position: '1' })).statusCode, 403, role);
      }
      assert.equal(textIn((await findTermByCode(t.db, 'act_type', 'threat'))!.labels, 'en'), 'Threats');
      assert.equal(await findTermByCode(t.db, 'right', 'sneaky'), undefined);
      assert.ok((await auditRows('permission.denied')).some((r) => r.subjectType === 'vocabularies'));
      const anonymous = await t.app.inject({ method: 'GET', url: '/admin/vocabularies' });
      assert.notEqual(anonymous.statusCode, 200);

      const index = await get(admin, '/admin/vocabularies');
      assert.equal(index.statusCode, 200);
      assert.match(index.body, /Kinds of act/);
      assert.match(index.body, /25 provinces, 197 districts, 1,646 communes/);
      const list = await get(admin, '/admin/vocabularies/hrd_category');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /Land and environmental defender/);
      assert.match(list.body, /អ្នកការពារដីធ្លី និងបរិស្ថាន/);
      assert.equal((await get(admin, '/admin/vocabularies/nonsense')).statusCode, 400);
    });

    it('adds a term, refusing bad input with the values kept', async () => {
      let res = await post(admin, '/admin/vocabularies/right/new', { code: 'Bad Code', labelEn: 'Right to water', labelKm: '', position: 'x' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /value="Right to water"/);
      assert.match(res.body, /Use 2 to 60 lowercase letters/);
      assert.match(res.body, /This field is required/);
      assert.match(res.body, /Enter a whole number/);
      res = await post(admin, '/admin/vocabularies/right/new', { code: 'expression', labelEn: 'Again', labelKm: 'ម្តងទៀត', position: '5' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /already has this code/);
      res = await post(admin, '/admin/vocabularies/right/new', { code: 'water', labelEn: 'Right to water', labelKm: 'សិទ្ធិទទួលបានទឹក', position: '500', descriptionEn: 'Access to safe water.' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/admin/vocabularies/right?done=created');
      const water = (await findTermByCode(t.db, 'right', 'water'))!;
      assert.equal(textIn(water.labels, 'km'), 'សិទ្ធិទទួលបានទឹក');
      assert.equal(textIn(water.descriptions, 'en'), 'Access to safe water.');
      assert.equal(water.active, 1);
      assert.ok((await auditRows('vocabulary.term.create')).some((r) => r.subjectId === String(water.id)));
      // A broader term only where the vocabulary has them.
      res = await post(admin, '/admin/vocabularies/right/new', { code: 'sub_right', labelEn: 'Sub', labelKm: 'រង', position: '1', parentId: String(water.id) });
      assert.equal(res.statusCode, 400);
      const group = (await findTermByCode(t.db, 'act_type', 'intimidation'))!;
      res = await post(admin, '/admin/vocabularies/act_type/new', { code: 'doxxing', labelEn: 'Publishing private data', labelKm: 'ការផ្សព្វផ្សាយទិន្នន័យឯកជន', position: '1000', parentId: String(group.id) });
      assert.equal(res.statusCode, 303);
      assert.equal((await findTermByCode(t.db, 'act_type', 'doxxing'))!.parentId, group.id);
    });

    it('edits labels, description and position, audited, and the public portal shows the new label', async () => {
      const threat = (await findTermByCode(t.db, 'act_type', 'threat'))!;
      const form = await get(admin, `/admin/vocabularies/terms/${threat.id}/edit`);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /value="ការគំរាមកំហែង"/);
      let res = await post(admin, `/admin/vocabularies/terms/${threat.id}/edit`, { labelEn: '', labelKm: 'ការគំរាមកំហែង', position: '120', parentId: String(threat.parentId) });
      assert.equal(res.statusCode, 400);
      res = await post(admin, `/admin/vocabularies/terms/${threat.id}/edit`, {
        code: 'changed_code',
        labelEn: 'Threats and warnings',
        labelKm: 'ការគំរាមកំហែង និងការព្រមាន',
        descriptionEn: 'Spoken, written or sent threats.',
        position: '125',
        parentId: String(threat.parentId),
      });
      assert.equal(res.statusCode, 303);
      const edited = (await findTermByCode(t.db, 'act_type', 'threat'))!;
      assert.equal(textIn(edited.labels, 'en'), 'Threats and warnings');
      assert.equal(edited.position, 125);
      assert.equal(edited.code, 'threat', 'a code never changes');
      const audit = (await auditRows('vocabulary.term.update')).find((r) => r.subjectId === String(threat.id))!;
      assert.match(audit.before!, /"locale":"en","text":"Threats"/);
      assert.match(audit.after!, /Threats and warnings/);
      const portal = await t.app.inject({ method: 'GET', url: '/en/human-rights-portal' });
      assert.match(portal.body, /<option value="threat">\s*(&nbsp;|\u00a0)*Threats and warnings<\/option>/);
    });

    it('retires and restores a term in use, but never deletes it', async () => {
      const threat = (await findTermByCode(t.db, 'act_type', 'threat'))!;
      const confirmed = (await findTermByCode(t.db, 'verification', 'confirmed'))!;
      const now = new Date().toISOString();
      const kase = await t.db
        .insertInto('hrdCases')
        .values({ reference: 'TEST-1', titleEnc: t.app.vault.seal('A case', sealContext('hrd_cases', 'title_enc')), summaryEnc: null, status: 'open', openedOn: '2024-01-01', closedOn: null, createdBy: null, createdAt: now, updatedAt: now, version: 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
      const victim = await t.db
        .insertInto('hrdVictims')
        .values({ caseId: kase.id, kind: 'person', nameEnc: t.app.vault.seal('A person', sealContext('hrd_victims', 'name_enc')), groupSize: null, hrdCategoryId: null, sex: 'unknown', ageGroup: 'unknown', affiliationEnc: null, contactEnc: null, notesEnc: null, createdAt: now, updatedAt: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      const event = await t.db
        .insertInto('hrdEvents')
        .values({ caseId: kase.id, occurredOn: '2024-01-01', dateAccuracy: 'day', provinceId: null, locationEnc: null, descriptionEnc: null, createdAt: now, updatedAt: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.db
        .insertInto('hrdActs')
        .values({ eventId: event.id, victimId: victim.id, actTypeId: threat.id, classification: 'violation', verificationId: confirmed.id, notesEnc: null, createdAt: now, updatedAt: now })
        .execute();
      assert.equal(await termUsage(t.db, threat.id), 1);

      const list = await get(admin, '/admin/vocabularies/act_type');
      const row = new RegExp(`<tr data-code="threat">[\\s\\S]*?</tr>`).exec(list.body)![0];
      assert.doesNotMatch(row, /\/delete"/, 'no delete button for a term in use');

      let res = await post(admin, `/admin/vocabularies/terms/${threat.id}/delete`);
      assert.equal(res.statusCode, 409);
      assert.match(res.body, /cannot be deleted\. Retire it instead/);
      assert.ok(await findTermByCode(t.db, 'act_type', 'threat'), 'still there');

      res = await post(admin, `/admin/vocabularies/terms/${threat.id}/retire`);
      assert.equal(res.statusCode, 303);
      assert.equal((await findTermByCode(t.db, 'act_type', 'threat'))!.active, 0);
      assert.ok(!(await listTerms(t.db, 'act_type')).some((x) => x.code === 'threat'), 'not offered for new records');
      assert.ok((await listTerms(t.db, 'act_type', { includeRetired: true })).some((x) => x.code === 'threat'));
      assert.equal((await auditRows('vocabulary.term.retire')).length, 1);
      // A retired term still labels the records that use it.
      const portal = await t.app.inject({ method: 'GET', url: '/en/human-rights-portal/statistics.csv?act=threat' });
      assert.equal(portal.statusCode, 200);

      res = await post(admin, `/admin/vocabularies/terms/${threat.id}/restore`);
      assert.equal(res.statusCode, 303);
      assert.equal((await findTermByCode(t.db, 'act_type', 'threat'))!.active, 1);
      assert.equal((await auditRows('vocabulary.term.restore')).length, 1);

      // A term nothing uses can be deleted.
      const water = (await findTermByCode(t.db, 'right', 'water'))!;
      res = await post(admin, `/admin/vocabularies/terms/${water.id}/delete`);
      assert.equal(res.statusCode, 303);
      assert.equal(await findTermByCode(t.db, 'right', 'water'), undefined);
      assert.ok((await auditRows('vocabulary.term.delete')).some((r) => r.subjectId === String(water.id)));
      // A broader term with narrower ones is in use too.
      const group = (await findTermByCode(t.db, 'act_type', 'restriction'))!;
      assert.equal((await post(admin, `/admin/vocabularies/terms/${group.id}/delete`)).statusCode, 409);
    });

    it('counts published alerts as uses: a term only an alert uses is refused with 409, never a 500', async () => {
      // Alerts keep their own copy of the facts, so once the case's act is gone the alert may be
      // the only record that still names the term.
      const eviction = (await findTermByCode(t.db, 'act_type', 'forced_eviction'))!;
      const company = (await findTermByCode(t.db, 'perpetrator_type', 'private_company'))!;
      const landDefender = (await findTermByCode(t.db, 'hrd_category', 'land_defender'))!;
      for (const term of [eviction, company, landDefender]) assert.equal(await termUsage(t.db, term.id), 0, term.code);
      const now = new Date().toISOString();
      const alert = await t.db
        .insertInto('hrdAlerts')
        .values({ slug: 'test-alert-terms', status: 'published', publishedAt: now, caseId: null, caseStatus: 'open', provinceId: null, districtId: null, withdrawnAt: null, createdBy: null, createdAt: now, updatedAt: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.db.insertInto('hrdAlertActTypes').values({ alertId: alert.id, actTypeId: eviction.id }).execute();
      await t.db.insertInto('hrdAlertPerpetratorTypes').values({ alertId: alert.id, perpetratorTypeId: company.id }).execute();
      await t.db
        .insertInto('hrdAlertVictims')
        .values({ alertId: alert.id, position: 1, label: 'S. K.', labelKind: 'initials', kind: 'person', groupSize: null, sex: null, ageGroup: null, hrdCategoryId: landDefender.id, affiliation: null })
        .execute();

      const counts = await termUsageCounts(t.db);
      for (const term of [eviction, company, landDefender]) {
        assert.equal(await termUsage(t.db, term.id), 1, term.code);
        assert.equal(counts.get(term.id), 1, term.code);
      }
      const list = await get(admin, '/admin/vocabularies/perpetrator_type');
      const row = new RegExp(`<tr data-code="private_company">[\\s\\S]*?</tr>`).exec(list.body)![0];
      assert.doesNotMatch(row, /\/delete"/, 'no delete button for a term an alert uses');
      const deletes = (await auditRows('vocabulary.term.delete')).length;
      for (const term of [eviction, company, landDefender]) {
        const res = await post(admin, `/admin/vocabularies/terms/${term.id}/delete`);
        assert.equal(res.statusCode, 409, term.code);
        assert.match(res.body, /cannot be deleted\. Retire it instead/);
        assert.ok(await findTerm(t.db, term.id), `${term.code} is still there`);
      }
      assert.equal((await auditRows('vocabulary.term.delete')).length, deletes, 'nothing deleted, nothing audited');

      // What the database answers when a reference is missed: both engines' errors are recognised.
      await assert.rejects(
        t.db.transaction().execute((tx) => tx.deleteFrom('vocabularyTerms').where('id', '=', eviction.id).execute()),
        (error: unknown) => isForeignKeyViolation(error),
      );
      assert.equal(isForeignKeyViolation(new Error('other')), false);
      assert.equal(isForeignKeyViolation(null), false);
    });

    it('shows places level by level and edits their names, audited', async () => {
      const page = await get(admin, '/admin/vocabularies/places');
      assert.equal(page.statusCode, 200);
      assert.equal((page.body.match(/<tr data-code="\d{2}">/g) ?? []).length, 25);
      const kep = (await listProvinces(t.db)).find((p) => p.iso === 'KH-23')!;
      const districts = await get(admin, `/admin/vocabularies/places?parent=${kep.id}`);
      assert.equal(districts.statusCode, 200);
      assert.equal((districts.body.match(/<tr data-code=/g) ?? []).length, (await listDistricts(t.db, kep.id)).length);

      let res = await post(admin, `/admin/vocabularies/places/${kep.id}/edit`, { nameEn: '', nameKm: 'កែប' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /value="កែប"/);
      res = await post(admin, `/admin/vocabularies/places/${kep.id}/edit`, { nameEn: 'Kep Province', nameKm: 'ខេត្តកែប' });
      assert.equal(res.statusCode, 303);
      const [renamed] = (await listProvinces(t.db)).filter((p) => p.id === kep.id);
      assert.equal(textIn(renamed!.names, 'en'), 'Kep Province');
      assert.equal(textIn(renamed!.names, 'km'), 'ខេត្តកែប');
      assert.ok((await auditRows('place.update')).some((r) => r.subjectId === String(kep.id)));
      const portal = await t.app.inject({ method: 'GET', url: '/km/human-rights-portal' });
      assert.match(portal.body, /ខេត្តកែប/);

      const monitor = await signInAs(t, 'monitor');
      assert.equal((await post(monitor, `/admin/vocabularies/places/${kep.id}/edit`, { nameEn: 'X', nameKm: 'ក' })).statusCode, 403);
    });
  });
}
