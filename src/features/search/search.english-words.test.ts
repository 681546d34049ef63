import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { englishWords } from './search.english-words.js';

describe('the English word list', () => {
  // One test: the list is kept for the life of the process once read.
  it('answers without the list when it cannot be read, tries again next time, then keeps it', async () => {
    const broken = await englishWords(() => Promise.reject(new Error('ENOENT')));
    assert.equal(broken.has('detonation'), false);
    const read = await englishWords();
    assert.equal(read.has('detonation'), true);
    assert.equal(read.has('detnetion'), false);
    assert.equal(read.otherDialect('organization', 'organisation'), true);
    assert.equal(await englishWords(() => Promise.reject(new Error('not read again'))), read);
  });
});
