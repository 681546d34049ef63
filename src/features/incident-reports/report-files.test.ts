import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import { ooxmlFile, zipBombOdt } from '../../../test/helpers/office-files.js';
import { cleanReportFile } from './report-files.js';

describe('files sent with a report', () => {
  it('refuses any ZIP container before unpacking it: a ZIP bomb is refused as not a photo or PDF, not inflated and measured', async () => {
    // The media library would unpack it far enough to call it a bomb; a report never opens it.
    assert.deepEqual(await cleanReportFile('bomb.odt', zipBombOdt()), { ok: false, problem: 'unknownType' });
    assert.deepEqual(await cleanReportFile('report.docx', ooxmlFile('docx')), { ok: false, problem: 'unknownType' });
    assert.deepEqual(await cleanReportFile('photo.jpg', Buffer.from(zipSync({ 'a.txt': strToU8('x') }))), { ok: false, problem: 'unknownType' });
  });
});
