import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wordListLoader, type ListReader } from './search.english-words.js';

describe('the English word list', () => {
  // A loader of its own: the process's list may already have been read by other tests.
  it('answers without the list when it cannot be read, tries again next time, then keeps it', async () => {
    let fail = true;
    let reads = 0;
    /** A small list in the package's layout: each dialect's first level holds a few words, the others none. */
    const lists: Record<string, string[]> = { 'english-words-10.json': ['detention', 'detonation'], 'american-words-10.json': ['organization'], 'british-words-10.json': ['organisation'] };
    const reader: ListReader = (name) => {
      reads += 1;
      return fail ? Promise.reject(new Error('ENOENT')) : Promise.resolve(JSON.stringify(lists[name] ?? []));
    };
    const englishWords = wordListLoader(reader);
    const broken = await englishWords();
    assert.equal(broken.has('detonation'), false);
    fail = false;
    const read = await englishWords();
    assert.equal(read.has('detonation'), true);
    assert.equal(read.has('detnetion'), false);
    assert.equal(read.otherDialect('organization', 'organisation'), true);
    const readsOnceKept = reads;
    assert.equal(await englishWords(), read);
    assert.equal(reads, readsOnceKept, 'not read again once kept');
  });

  it('reads the packaged SCOWL list', async () => {
    const words = await wordListLoader()();
    assert.equal(words.has('detonation'), true);
    assert.equal(words.has('detnetion'), false);
    assert.equal(words.otherDialect('organization', 'organisation'), true);
  });
});
