import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UntilChange } from './until-change.js';

describe('UntilChange', () => {
  it('loads each key once until forgotten, then loads it again', async () => {
    let loads = 0;
    const values = new UntilChange(async (key: string) => `${key}:${++loads}`);
    assert.deepEqual(await Promise.all([values.get('en'), values.get('en'), values.get('km')]), ['en:1', 'en:1', 'km:2']);
    assert.equal(await values.get('en'), 'en:1');
    values.forget();
    assert.equal(await values.get('en'), 'en:3');
  });

  it('does not keep a failed load', async () => {
    let fail = true;
    const values = new UntilChange(async () => {
      if (fail) throw new Error('database away');
      return 'ok';
    });
    await assert.rejects(values.get('x'), /database away/);
    fail = false;
    assert.equal(await values.get('x'), 'ok');
  });

  it('does not keep a load that was under way when content changed', async () => {
    let release!: (v: string) => void;
    let loads = 0;
    const values = new UntilChange(() => (++loads === 1 ? new Promise<string>((resolve) => (release = resolve)) : Promise.resolve('after')));
    const before = values.get('k');
    values.forget();
    release('before');
    assert.equal(await before, 'before');
    assert.equal(await values.get('k'), 'after');
  });

  it('loads a value again once it says it is outdated, and keeps it while it is not', async () => {
    let loads = 0;
    let clock = 0;
    const values = new UntilChange(async () => ({ load: ++loads, validUntil: clock + 10 }), { outdated: (v) => clock >= v.validUntil });
    assert.equal((await values.get('k')).load, 1);
    clock = 9;
    assert.equal((await values.get('k')).load, 1);
    clock = 10;
    const [first, second] = await Promise.all([values.get('k'), values.get('k')]);
    assert.equal(first.load, 2);
    assert.equal(second.load, 2, 'requests waiting for the new value share one load');
    assert.equal((await values.get('k')).load, 2);
  });
});
