import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CaseForAlert } from '../hrd-cases/cases.repository.js';
import { defaultPseudonym, defaultPublishValues, eventField, isSubmissionKey, parsePublishForm, parseUpdateForm, victimField } from './alerts.form.js';

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
  it('publishes by default only pseudonyms, the first province, every date and act type, and the status', () => {
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
      ['HRD A', 'pseudonym', null, null, null, null, null],
      ['HRD B', 'pseudonym', null, null, null, null, null],
    ]);
  });

  it('publishes initials only when chosen, taken from the case and not from the typed label', () => {
    const values = { ...defaultPublishValues(record), ...texts, [victimField(1, 'mode')]: 'initials', [victimField(1, 'label')]: 'Typed' };
    const { facts, errors } = parsePublishForm(values, record, ['en']);
    assert.deepEqual(errors, {});
    assert.deepEqual(facts.victims.map((v) => [v.label, v.labelKind]), [
      ['S. D.', 'initials'],
      ['HRD B', 'pseudonym'],
    ]);
    const unchosen: Record<string, string> = { ...values, [victimField(1, 'label')]: 'Ms River' };
    delete unchosen[victimField(1, 'mode')];
    assert.deepEqual(parsePublishForm(unchosen, record, ['en']).facts.victims[0], { ...parsePublishForm(unchosen, record, ['en']).facts.victims[0], label: 'Ms River', labelKind: 'pseudonym' }, 'no choice is a pseudonym');
  });

  it('numbers the default pseudonyms with letters, never from the name', () => {
    assert.deepEqual([0, 1, 25, 26, 27, 701, 702].map(defaultPseudonym), ['HRD A', 'HRD B', 'HRD Z', 'HRD AA', 'HRD AB', 'HRD ZZ', 'HRD AAA']);
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
      {
        ...defaultPublishValues(record),
        ...texts,
        [victimField(1, 'mode')]: 'name',
        [victimField(1, 'label')]: 'forged label',
        [victimField(1, 'affiliation')]: '1',
        [victimField(1, 'profile')]: '1',
        district: '1',
        perp_60: '1',
      },
      record,
      ['en'],
    );
    assert.deepEqual(facts.victims[0], { label: 'Sok Dara', labelKind: 'name', kind: 'person', groupSize: null, sex: 'female', ageGroup: 'youth', hrdCategoryId: 40, affiliation: 'River network' });
    assert.equal(facts.districtId, 31);
    assert.deepEqual(facts.perpetratorTypeIds, [60]);
  });

  it('ignores act and perpetrator types that are not the case’s and refuses a province that is not', () => {
    const forged = parsePublishForm({ ...defaultPublishValues(record), ...texts, act_999: '1', perp_998: '1' }, record, ['en']);
    assert.deepEqual(forged.errors, {});
    assert.deepEqual(forged.facts.actTypeIds, [20, 21]);
    assert.deepEqual(forged.facts.perpetratorTypeIds, []);
    assert.equal(forged.facts.dates.length, 2);
    assert.equal(forged.facts.victims.length, 2);
    const province = parsePublishForm({ ...defaultPublishValues(record), ...texts, province: '4' }, record, ['en']);
    assert.equal(province.errors.province, 'invalidChoice');
  });

  it('names victims and events by id, so a choice follows its person whatever the order', () => {
    const values = defaultPublishValues(record);
    assert.equal(values[victimField(2, 'label')], 'HRD B');
    assert.equal(values[eventField(11)], '1');
    assert.ok(!Object.keys(values).some((name) => /^(v\d+_|date_)/.test(name)), 'no field is named by position');
    // The case as read again when the form comes back: the first victim is gone, a new one came first.
    const changed: typeof record = {
      ...record,
      victims: [{ ...record.victims[1]!, id: 2 }, { id: 3, kind: 'person', name: 'Chan Vanna', groupSize: null, hrdCategoryId: null, sex: 'male', ageGroup: 'adult', affiliation: 'Union' }],
      events: [record.events[1]!],
    };
    const named = parsePublishForm({ ...values, ...texts, province: '5', [victimField(1, 'mode')]: 'name', [victimField(1, 'affiliation')]: '1' }, { ...changed, version: record.version }, ['en']);
    assert.deepEqual(named.errors, { form: 'foreignPart' }, 'an id the case no longer has is refused');
    const kept: Record<string, string> = { ...values, ...texts, province: '5', [victimField(2, 'mode')]: 'name' };
    for (const name of Object.keys(kept)) if (name.startsWith('victim_1_') || name === eventField(10)) delete kept[name];
    const { facts, errors } = parsePublishForm(kept, { ...changed, version: record.version }, ['en']);
    assert.deepEqual(errors, {});
    assert.deepEqual(facts.victims.map((v) => [v.label, v.labelKind]), [['Village committee', 'name']], 'the name is the one of the victim it was chosen for; the new victim is not published');
    assert.deepEqual(facts.dates, [{ occurredOn: '2025-02-14', dateAccuracy: 'day' }]);
  });

  it('refuses a victim or an event that is not the case’s', () => {
    const extras: Array<Record<string, string>> = [{ [victimField(9, 'include')]: '1' }, { victim_1_secret: '1' }, { [eventField(7)]: '1' }];
    for (const extra of extras) {
      const forged = parsePublishForm({ ...defaultPublishValues(record), ...texts, ...extra }, record, ['en']);
      assert.equal(forged.errors.form, 'foreignPart', JSON.stringify(extra));
      assert.equal(forged.conflict, false);
    }
  });

  it('refuses, as a conflict, a form written for another version of the case or without one', () => {
    const values: Record<string, string> = { ...defaultPublishValues(record), ...texts };
    assert.equal(values.version, '3');
    const stale = parsePublishForm({ ...values, version: '2' }, record, ['en']);
    assert.equal(stale.conflict, true);
    assert.equal(stale.errors.form, 'caseChanged');
    const missing: Record<string, string> = { ...values };
    delete missing.version;
    assert.equal(parsePublishForm(missing, record, ['en']).conflict, true);
    assert.equal(parsePublishForm(values, record, ['en']).conflict, false);
  });

  it('gives every form a fresh one-time key', () => {
    const a = defaultPublishValues(record).submission;
    const b = defaultPublishValues(record).submission;
    assert.ok(isSubmissionKey(a) && isSubmissionKey(b));
    assert.notEqual(a, b);
    assert.ok(!isSubmissionKey('short') && !isSubmissionKey('x'.repeat(20) + '<'));
  });

  it('lets the monitor leave out a victim, a date, an act or the province, and choose a pseudonym', () => {
    const values: Record<string, string> = {
      ...defaultPublishValues(record),
      ...texts,
      [victimField(1, 'mode')]: 'pseudonym',
      [victimField(1, 'label')]: '  Ms   River ',
      province: '',
      [eventField(11)]: '',
      act_21: '',
    };
    delete values[victimField(2, 'include')];
    const { facts, errors } = parsePublishForm(values, record, ['en']);
    assert.deepEqual(errors, {});
    assert.deepEqual(facts.victims.map((v) => [v.label, v.labelKind]), [['Ms River', 'pseudonym']]);
    assert.equal(facts.provinceId, null);
    assert.deepEqual(facts.dates, [{ occurredOn: '2025-01-01', dateAccuracy: 'month' }]);
    assert.deepEqual(facts.actTypeIds, [20]);
  });

  it('asks for a title and a text in at least one language, and a pseudonym when that is the choice', () => {
    assert.equal(parsePublishForm(defaultPublishValues(record), record, ['en', 'km']).errors.texts, 'textsRequired');
    const half = parsePublishForm({ ...defaultPublishValues(record), title_km: 'ចំណងជើង' }, record, ['en', 'km']);
    assert.equal(half.errors.summary_km, 'summaryRequired');
    const blank = parsePublishForm({ ...defaultPublishValues(record), ...texts, [victimField(1, 'label')]: ' ' }, record, ['en']);
    assert.equal(blank.errors[victimField(1, 'label')], 'labelRequired');
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
