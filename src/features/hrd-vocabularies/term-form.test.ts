import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readPlaceForm, readTermForm, validateTermForm } from './term-form.js';
import type { VocabularyTerm } from './vocabularies.repository.js';

const locales = ['en', 'km'] as const;
const term = (id: number, code: string, parentId: number | null = null) => ({ id, code, parentId }) as VocabularyTerm;

describe('the term form', () => {
  it('reads a new term trimmed, with a label in every language', () => {
    const read = readTermForm({ code: ' land_grab ', parentId: '', position: ' 3 ', labelEn: ' Land grab ', labelKm: 'ការដណ្តើមដី', descriptionEn: '' }, locales, true);
    assert.deepEqual(read.errors, {});
    const checked = validateTermForm(read, 'act_type', [], undefined, locales);
    assert.ok(checked.ok);
    assert.deepEqual(checked.input, {
      code: 'land_grab',
      parentId: null,
      position: 3,
      texts: [
        { locale: 'en', label: 'Land grab', description: null },
        { locale: 'km', label: 'ការដណ្តើមដី', description: null },
      ],
    });
  });

  it('names what each field says is wrong, and shows the text again trimmed', () => {
    const read = readTermForm({ code: 'Land Grab', position: '-1', labelEn: `  ${'x'.repeat(201)}  `, labelKm: '   ', descriptionKm: 'y'.repeat(2001) }, locales, true);
    assert.deepEqual(read.errors, { code: 'errorCode', position: 'errorPosition', labelEn: 'errorTooLong', labelKm: 'errorRequired', descriptionKm: 'errorTooLong' });
    assert.equal(read.form.texts.labelEn, 'x'.repeat(201));
    assert.equal(read.form.texts.labelKm, '');
  });

  it('does not read the code of an edited term, which keeps its own', () => {
    const read = readTermForm({ code: 'Not A Code', position: '1', labelEn: 'A', labelKm: 'ក' }, locales, false);
    assert.deepEqual(read.errors, {});
    const checked = validateTermForm(read, 'act_type', [term(7, 'kept')], term(7, 'kept'), locales);
    assert.ok(checked.ok && checked.input.code === 'kept');
  });

  it('refuses a code already taken and a broader term that cannot hold narrower ones', () => {
    const read = readTermForm({ code: 'arrest', parentId: '2', position: '1', labelEn: 'A', labelKm: 'ក' }, locales, true);
    const checked = validateTermForm(read, 'act_type', [term(1, 'arrest'), term(2, 'narrow', 1)], undefined, locales);
    assert.deepEqual(checked.ok ? {} : checked.errors, { code: 'errorCodeTaken', parentId: 'errorParent' });
  });
});

describe('the place form', () => {
  it('requires a name in every language, at most 200 characters', () => {
    assert.deepEqual(readPlaceForm({ nameEn: ' Kampot ', nameKm: 'កំពត' }, locales), { form: { nameEn: 'Kampot', nameKm: 'កំពត' }, errors: {} });
    const refused = readPlaceForm({ nameEn: 'x'.repeat(201), nameKm: ['a', 'b'] }, locales);
    assert.deepEqual(refused.errors, { nameEn: 'errorTooLong', nameKm: 'errorRequired' });
  });
});
