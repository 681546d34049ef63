import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readForm } from '../../web/form-schema.js';
import type { Lookups } from './case-page.presenter.js';
import { MAX_SHORT_TEXT, parseAct, parseCase, parseFundRequest, parseIntervention, parseTimelineEntry, removeShape, versionOf } from './case-input.js';

const TODAY = '2026-03-01';
const term = (id: number) => ({ id }) as Lookups['terms']['act_type'][number];
/** Active terms: 1-2 act types, 3 verification, 4 a right, 5 a perpetrator type, 6 an involvement, 7 an intervention type. */
const lookups = {
  terms: { act_type: [term(1), term(2)], verification: [term(3)], right: [term(4)], perpetrator_type: [term(5)], involvement: [term(6)], intervention_type: [term(7)] },
  label: () => '',
  provinces: [],
  placeLabel: () => '',
} as unknown as Lookups;

describe('the case forms, read through their schemas', () => {
  it('reads a case: trimmed text, a default status, empty optional fields as null', () => {
    const read = parseCase({ title: '  Land dispute  ', summary: '', openedOn: '2026-02-03' }, TODAY);
    assert.ok(read.ok);
    assert.deepEqual(read.value, { title: 'Land dispute', summary: null, status: 'open', openedOn: '2026-02-03', closedOn: null });
    assert.equal(read.form.values.title, 'Land dispute');
  });

  it('names every problem at once, each field with its own key, and keeps what was typed', () => {
    const read = parseCase({ title: '', status: 'lost', openedOn: '2026-02-03', closedOn: '2026-01-01' }, TODAY);
    assert.ok(!read.ok);
    assert.deepEqual(read.form.errors, { title: 'required', status: 'chooseFromList', closedOn: 'closedBeforeOpened' });
    assert.equal(read.form.values.status, 'lost');
    const future = parseCase({ title: 'x', openedOn: '2027-01-01' }, TODAY);
    assert.deepEqual(future.form.errors, { openedOn: 'dateInFuture' });
  });

  it('refuses a text over its limit and shows it again cut a little past the limit', () => {
    const read = parseCase({ title: 'a'.repeat(MAX_SHORT_TEXT + 500), openedOn: '2026-02-03' }, TODAY);
    assert.deepEqual(read.form.errors, { title: 'tooLong' });
    assert.equal((read.form.values.title as string).length, MAX_SHORT_TEXT + 100);
  });

  it('takes only the terms and rows offered, and a perpetrator only with its kind', () => {
    const act = (fields: Record<string, unknown>) => parseAct({ event: '10', victim: '20', actType: '1', classification: 'violation', verification: '3', ...fields }, TODAY, lookups, [10], [20]);
    const ok = act({ rights: ['4'], perpetratorType: '5', involvement: '6', perpetratorName: ' Unit 7 ' });
    assert.ok(ok.ok);
    assert.deepEqual(ok.value.perpetrators, [{ perpetratorTypeId: 5, involvementId: 6, name: 'Unit 7' }]);
    assert.deepEqual(ok.value.rightIds, [4]);
    assert.deepEqual(act({ event: '11', actType: '9', rights: ['4', '8'] }).form.errors, { event: 'chooseFromList', actType: 'chooseFromList', rights: 'chooseFromList' });
    assert.deepEqual(act({ perpetratorName: 'Unit 7' }).form.errors, { perpetratorType: 'required' });
  });

  it('reads a rough date with its accuracy, and checks the date even when the accuracy is wrong', () => {
    const month = parseTimelineEntry({ date: '2025-07', accuracy: 'month', text: 'Visited' }, TODAY);
    assert.ok(month.ok);
    assert.deepEqual([month.value.occurredOn, month.value.dateAccuracy], ['2025-07-01', 'month']);
    const wrong = parseTimelineEntry({ date: '2025-07', accuracy: 'century', text: 'Visited' }, TODAY);
    assert.deepEqual(wrong.form.errors, { accuracy: 'chooseFromList', date: 'dateNeedsDay' });
    assert.equal(wrong.form.values.accuracy, 'day');
  });

  it('reads amounts as whole numbers with separators, and only for those who may see them', () => {
    const fund = parseFundRequest({ type: '7', amount: ' 1,500 ', currency: 'KHR', justification: 'Legal fees' }, TODAY, lookups, []);
    assert.ok(fund.ok);
    assert.deepEqual([fund.value.requestedAmount, fund.value.currency], [1500, 'KHR']);
    assert.deepEqual(parseFundRequest({ type: '7', amount: '1.5', justification: 'x' }, TODAY, lookups, []).form.errors, { amount: 'wholeNumber' });
    const withoutAmount = parseIntervention({ type: '7', amount: '900', currency: 'USD' }, TODAY, lookups, [], false);
    assert.ok(withoutAmount.ok);
    assert.deepEqual([withoutAmount.value.amount, withoutAmount.value.currency], [null, null]);
    const ended = parseIntervention({ type: '7', startedOn: '2026-02-01', endedOn: '2026-01-01' }, TODAY, lookups, [], true);
    assert.deepEqual(ended.form.errors, { endedOn: 'closedBeforeOpened' });
  });

  it('reads the case-file actions: a known part with a row id, and the version', () => {
    const read = readForm(removeShape, { part: 'victim', id: '12', version: '3' });
    assert.ok(read.ok);
    assert.deepEqual(read.value, { part: 'victim', id: 12, version: 3 });
    assert.equal(readForm(removeShape, { part: 'case', id: '12' }).ok, false);
    assert.equal(readForm(removeShape, { part: 'victim', id: '0' }).ok, false);
    assert.equal(versionOf({ version: 'x' }), 0);
    assert.equal(versionOf({ version: ['4', '5'] }), 4);
  });
});
