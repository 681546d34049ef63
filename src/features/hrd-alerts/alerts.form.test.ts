import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CaseForAlert } from '../hrd-cases/cases.repository.js';
import { defaultPublishValues, parsePublishForm, parseUpdateForm } from './alerts.form.js';

const record: CaseForAlert = {
  id: 7,
  reference: 'HRD-2025-0007',
  title: 'Sealed working title',
  summary: 'Sealed description of the case',
  status: 'monitoring',
  openedOn: '2025-01-02',
  closedOn: null,
  version: 3,
  victims: [
    { id: 1, kind: 'person', name: 'Sok Dara', groupSize: null, hrdCategoryId: 40, sex: 'female', ageGroup: 'youth', affiliation: 'River network' },
    { id: 2, kind: 'group', name: 'Village committee', groupSize: 12, hrdCategoryId: null, sex: 'unknown', ageGroup: 'unknown', affiliation: null },
  ],
  events: [
    { id: 10, occurredOn: '2025-01-01', dateAccuracy: 'month', provinceId: 3, place: { districtId: 31, communeId: 311, detail: 'behind the market' }, description: 'Sealed event' },
    { id: 11, occurredOn: '2025-02-14', dateAccuracy: 'day', provinceId: 5, place: null, description: null },
  ],
  acts: [
    { id: 100, eventId: 10, victimId: 1, actTypeId: 20, classification: 'violation', verificationId: 1, occurredOn: '2025-01-01', dateAccuracy: 'month', provinceId: 3, rightIds: [], perpetrators: [{ perpetratorTypeId: 60, involvementId: null }] },
    { id: 101, eventId: 11, victimId: 2, actTypeId: 21, classification: 'restriction', verificationId: 1, occurredOn: '2025-02-14', dateAccuracy: 'day', provinceId: 5, rightIds: [], perpetrators: [] },
  ],
  timeline: [],
};

const texts = { title_en: 'A public title', summary_en: 'A public text.' };

describe('the publish form', () => {
  it('publishes by default only initials, the first province, every date and act type, and the status', () => {
    const { facts, errors, texts: parsed, notify } = parsePublishForm({ ...defaultPublishValues(record), ...texts }, record, ['en', 'km']);
    assert.deepEqual(errors, {});
    assert.equal(notify, false);
    assert.deepEqual(parsed, [{ locale: 'en', title: 'A public title', summary: 'A public text.' }]);
    assert.equal(facts.caseStatus, 'monitoring');
    assert.equal(facts.provinceId, 3);
    assert.equal(facts.districtId, null);
    assert.deepEqual(facts.dates, [{ occurredOn: '2025-01-01', dateAccuracy: 'month' }, { occurredOn: '2025-02-14', dateAccuracy: 'day' }]);
    assert.deepEqual(facts.actTypeIds, [20, 21]);
    assert.deepEqual(facts.perpetratorTypeIds, []);
    assert.deepEqual(facts.victims.map((v) => [v.label, v.labelKind, v.sex, v.ageGroup, v.hrdCategoryId, v.groupSize, v.affiliation]), [
      ['S. D.', 'initials', null, null, null, null, null],
      ['V. C.', 'initials', null, null, null, null, null],
    ]);
  });

  it('never prefills a public field from the case', () => {
    const values = defaultPublishValues(record);
    for (const value of Object.values(values)) {
      for (const sealed of [record.title, record.summary!, 'Sok Dara', 'River network', 'behind the market']) assert.ok(!value.includes(sealed));
    }
    assert.equal(values.title_en, undefined);
  });

  it('copies sealed and optional facts only for ticked boxes, from the case and not from the request', () => {
    const { facts } = parsePublishForm(
      { ...defaultPublishValues(record), ...texts, v0_mode: 'name', v0_label: 'forged label', v0_affiliation: '1', v0_profile: '1', district: '1', perp_60: '1' },
      record,
      ['en'],
    );
    assert.deepEqual(facts.victims[0], { label: 'Sok Dara', labelKind: 'name', kind: 'person', groupSize: null, sex: 'female', ageGroup: 'youth', hrdCategoryId: 40, affiliation: 'River network' });
    assert.equal(facts.districtId, 31);
    assert.deepEqual(facts.perpetratorTypeIds, [60]);
  });

  it('ignores ids that are not the case’s and refuses a province that is not', () => {
    const forged = parsePublishForm({ ...defaultPublishValues(record), ...texts, act_999: '1', perp_998: '1', date_7: '1', v9_include: '1' }, record, ['en']);
    assert.deepEqual(forged.facts.actTypeIds, [20, 21]);
    assert.deepEqual(forged.facts.perpetratorTypeIds, []);
    assert.equal(forged.facts.dates.length, 2);
    assert.equal(forged.facts.victims.length, 2);
    const province = parsePublishForm({ ...defaultPublishValues(record), ...texts, province: '4' }, record, ['en']);
    assert.equal(province.errors.province, 'invalidChoice');
  });

  it('lets the monitor leave out a victim, a date, an act or the province, and choose a pseudonym', () => {
    const values: Record<string, string> = { ...defaultPublishValues(record), ...texts, v0_mode: 'pseudonym', v0_label: '  Ms   River ', province: '', date_1: '', act_21: '' };
    delete values.v1_include;
    const { facts, errors } = parsePublishForm(values, record, ['en']);
    assert.deepEqual(errors, {});
    assert.deepEqual(facts.victims.map((v) => [v.label, v.labelKind]), [['Ms River', 'pseudonym']]);
    assert.equal(facts.provinceId, null);
    assert.deepEqual(facts.dates, [{ occurredOn: '2025-01-01', dateAccuracy: 'month' }]);
    assert.deepEqual(facts.actTypeIds, [20]);
  });

  it('asks for a title and a text in at least one language, and a label for initials or a pseudonym', () => {
    assert.equal(parsePublishForm(defaultPublishValues(record), record, ['en', 'km']).errors.texts, 'textsRequired');
    const half = parsePublishForm({ ...defaultPublishValues(record), title_km: 'ចំណងជើង' }, record, ['en', 'km']);
    assert.equal(half.errors.summary_km, 'summaryRequired');
    const blank = parsePublishForm({ ...defaultPublishValues(record), ...texts, v0_label: ' ' }, record, ['en']);
    assert.equal(blank.errors.v0_label, 'labelRequired');
    assert.equal(parsePublishForm({ ...defaultPublishValues(record), ...texts, status: 'secret' }, record, ['en']).errors.status, 'invalidChoice');
  });
});

describe('the update form', () => {
  it('needs a real date and a headline in one language at least', () => {
    assert.deepEqual(parseUpdateForm({ occurred_on: '2025-04-01', update_title_km: 'ដោះលែង' }, ['en', 'km']).errors, {});
    assert.equal(parseUpdateForm({ occurred_on: '2025-02-30', update_title_en: 'x' }, ['en']).errors.occurred_on, 'dateInvalid');
    assert.equal(parseUpdateForm({ occurred_on: '2025-04-01' }, ['en']).errors.update_texts, 'textsRequired');
    assert.equal(parseUpdateForm({ occurred_on: '2025-04-01', update_body_en: 'no headline' }, ['en']).errors.update_title_en, 'titleRequired');
  });
});
