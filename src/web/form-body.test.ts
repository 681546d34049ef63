import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formBodyProblem, MAX_FORM_FIELDS, parseFormBody } from './form-body.js';

const parse = (text: string | Buffer) => parseFormBody(Buffer.isBuffer(text) ? text : Buffer.from(text, 'latin1'));

describe('the url-encoded body parser', () => {
  it('reads names and values as a browser encodes them: + is a space, %XY a UTF-8 byte', () => {
    const body = parse('name=Sokha+Chan&city=%E1%9E%97%E1%9F%92%E1%9E%93%E1%9F%86%E1%9E%96%E1%9F%81%E1%9E%89&empty=&flag');
    assert.deepEqual({ ...body }, { name: 'Sokha Chan', city: 'ភ្នំពេញ', empty: '', flag: '' });
    assert.equal(formBodyProblem(body), undefined);
  });

  it('keeps a repeated name as the list of its values, in the order sent', () => {
    const body = parse('topics=news&email=a%40b.org&topics=alerts&topics=events');
    assert.deepEqual(body.topics, ['news', 'alerts', 'events']);
    assert.equal(body.email, 'a@b.org');
  });

  it('gives no name a special meaning', () => {
    const body = parse('__proto__=x&constructor=y&toString=z');
    assert.equal(Object.getPrototypeOf(body), null);
    assert.deepEqual([body['__proto__'], body.constructor, body.toString], ['x', 'y', 'z']);
  });

  it('flags escapes that are not UTF-8, keeping the field with U+FFFD where the bytes were', () => {
    for (const raw of ['name=%FF%FE', 'name=%E1%9E', 'name=%C0%AF']) {
      const body = parse(`email=ok%40example.org&${raw}`);
      assert.equal(formBodyProblem(body), 'encoding', raw);
      assert.equal(body.email, 'ok@example.org');
      assert.match(body.name as string, /\ufffd/);
    }
  });

  it('flags raw bytes that are not UTF-8', () => {
    const body = parse(Buffer.concat([Buffer.from('name='), Buffer.from([0xc3, 0x28])]));
    assert.equal(formBodyProblem(body), 'encoding');
  });

  it('flags a malformed percent-escape and keeps it as it came', () => {
    for (const raw of ['q=%ZZ', 'q=50%', 'q=%4', 'q%G1=x']) assert.equal(formBodyProblem(parse(raw)), 'encoding', raw);
    assert.equal(parse('q=50%').q, '50%');
  });

  it('flags U+0000 in a name or a value', () => {
    assert.equal(formBodyProblem(parse('name=So%00kha')), 'nul');
    assert.equal(formBodyProblem(parse('na%00me=Sokha')), 'nul');
  });

  it('refuses more fields than the limit, and accepts the limit itself', () => {
    const fields = (n: number) => Array.from({ length: n }, (_, i) => `f${i}=1`).join('&');
    assert.equal(formBodyProblem(parse(fields(MAX_FORM_FIELDS))), undefined);
    assert.equal(formBodyProblem(parse(fields(MAX_FORM_FIELDS + 1))), 'tooManyFields');
    assert.equal(formBodyProblem(parse('&&a=1&&')), undefined, 'empty pairs are not fields');
  });
});
