import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatCaseDate, parseCaseDate } from './case-dates.js';

const TODAY = '2026-11-21';

describe('dates of case records', () => {
  it('shows a date no more exactly than it is known', () => {
    assert.equal(formatCaseDate('2019-03-14', 'day', 'en'), '14 March 2019');
    assert.equal(formatCaseDate('2019-03-01', 'month', 'en'), 'March 2019');
    assert.equal(formatCaseDate('2017-01-01', 'year', 'en'), '2017');
    assert.equal(formatCaseDate('2020-06-01', 'approximate', 'en'), 'about June 2020');
  });

  it('writes Khmer dates with Khmer numerals and month names', () => {
    assert.equal(formatCaseDate('2019-03-01', 'month', 'km'), 'មីនា ២០១៩');
    assert.equal(formatCaseDate('2017-01-01', 'year', 'km'), '២០១៧');
    assert.equal(formatCaseDate('2020-06-01', 'approximate', 'km'), 'ប្រហែល មិថុនា ២០២០');
    assert.match(formatCaseDate('2019-03-14', 'day', 'km'), /^១៤ មីនា ២០១៩$/);
  });

  it('stores the first day of the month or year that is known', () => {
    assert.deepEqual(parseCaseDate('2019-3-14', 'day', TODAY), { ok: true, value: '2019-03-14', accuracy: 'day' });
    assert.deepEqual(parseCaseDate('2019-03-14', 'month', TODAY), { ok: true, value: '2019-03-01', accuracy: 'month' });
    assert.deepEqual(parseCaseDate('2019-03', 'month', TODAY), { ok: true, value: '2019-03-01', accuracy: 'month' });
    assert.deepEqual(parseCaseDate('2017', 'year', TODAY), { ok: true, value: '2017-01-01', accuracy: 'year' });
    assert.deepEqual(parseCaseDate('2020-06', 'approximate', TODAY), { ok: true, value: '2020-06-01', accuracy: 'approximate' });
    assert.deepEqual(parseCaseDate('2020', 'approximate', TODAY), { ok: true, value: '2020-01-01', accuracy: 'year' }, 'an approximate year is a year');
  });

  it('refuses what is not a date, not precise enough, or in the future', () => {
    assert.deepEqual(parseCaseDate('', 'day', TODAY), { ok: false, problem: 'dateRequired' });
    assert.deepEqual(parseCaseDate('14/03/2019', 'day', TODAY), { ok: false, problem: 'dateInvalid' });
    assert.deepEqual(parseCaseDate('2019-02-30', 'day', TODAY), { ok: false, problem: 'dateInvalid' });
    assert.deepEqual(parseCaseDate('2019-13', 'month', TODAY), { ok: false, problem: 'dateInvalid' });
    assert.deepEqual(parseCaseDate('1850', 'year', TODAY), { ok: false, problem: 'dateInvalid' });
    assert.deepEqual(parseCaseDate('2019-03', 'day', TODAY), { ok: false, problem: 'dateNeedsDay' });
    assert.deepEqual(parseCaseDate('2019', 'month', TODAY), { ok: false, problem: 'dateNeedsMonth' });
    assert.deepEqual(parseCaseDate('2026-11-22', 'day', TODAY), { ok: false, problem: 'dateInFuture' });
    assert.equal(parseCaseDate('2026-11', 'month', TODAY).ok, true, 'this month is not the future');
  });
});
