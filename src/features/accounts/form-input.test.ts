import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readNewAccount } from './form-input.js';

const strongPassword = 'correct horse battery staple 42';

describe('readNewAccount', () => {
  it('takes a valid account as typed, the address trimmed', () => {
    const read = readNewAccount({ name: 'Sok Dara', email: ' dara@example.org ', password: strongPassword, password2: strongPassword }, { repeatPassword: true, lowerCaseEmail: false });
    assert.deepEqual(read.errors, {});
    assert.deepEqual(read.values, { name: 'Sok Dara', email: 'dara@example.org' });
  });

  it('refuses an address over 320 characters instead of cutting it into another valid one', () => {
    const longest = `${'a'.repeat(20)}@${`${'d'.repeat(60)}.`.repeat(4)}${'e'.repeat(51)}.org`;
    assert.equal(longest.length, 320);
    assert.deepEqual(readNewAccount({ name: 'Sok Dara', email: longest, password: strongPassword, password2: strongPassword }, { repeatPassword: true, lowerCaseEmail: true }).errors, {});
    // Cut at 320 characters, this would be the valid address above.
    const email = `${longest}xyz`;
    const read = readNewAccount({ name: 'Sok Dara', email, password: strongPassword, password2: strongPassword }, { repeatPassword: true, lowerCaseEmail: true });
    assert.equal(read.errors.email, 'invalidEmail');
  });
});
