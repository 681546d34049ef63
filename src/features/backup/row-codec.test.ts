import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inDependencyOrder } from './database-dump.repository.js';
import { decodeValue, encodeValue } from './row-codec.js';

describe('database values in a dump', () => {
  it('bring bytes, dates, big integers and json back exactly through JSON, for either engine', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255, 0x0a]);
    const date = new Date('2024-07-19T03:04:05.678Z');
    const through = (v: unknown) => JSON.parse(JSON.stringify(encodeValue(v))) as ReturnType<typeof encodeValue>;
    assert.deepEqual(decodeValue(through(bytes), 'sqlite'), bytes);
    assert.deepEqual(decodeValue(through(bytes), 'postgres'), bytes);
    assert.equal(decodeValue(through(date), 'sqlite'), '2024-07-19T03:04:05.678Z');
    assert.equal((decodeValue(through(date), 'postgres') as Date).getTime(), date.getTime());
    assert.equal(decodeValue(through(2n ** 62n), 'sqlite'), 2n ** 62n);
    assert.equal(decodeValue(through(true), 'sqlite'), 1);
    assert.equal(decodeValue(through({ a: [1, 'ក'] }), 'postgres'), '{"a":[1,"ក"]}');
    for (const v of ['ភាសាខ្មែរ\n"quoted"', 0, -1.5, null]) assert.deepEqual(decodeValue(through(v), 'sqlite'), v);
  });

  it('load a table after the tables it references, and refuse a cycle', () => {
    const t = (name: string, references: string[]) => ({ name, columns: ['id'], primaryKey: ['id'], references });
    const order = inDependencyOrder([t('acts', ['events', 'acts']), t('events', ['cases']), t('cases', [])]).map((x) => x.name);
    assert.deepEqual(order, ['cases', 'events', 'acts']);
    assert.throws(() => inDependencyOrder([t('a', ['b']), t('b', ['a'])]), /cycle/);
  });
});
