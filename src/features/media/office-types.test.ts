import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileExtension } from '../discovery/item-paths.js';
import { contentTypeOf } from '../mirror/mirror.target.js';
import { OFFICE_EXTENSIONS, OFFICE_TYPES } from './office-types.js';
import { OFFICE_MIME_TYPES } from './office-documents.js';

describe('the one list of office formats', () => {
  it('gives every office format its download extension and its type in the mirror', () => {
    assert.deepEqual([...OFFICE_EXTENSIONS].sort(), ['docx', 'odp', 'ods', 'odt', 'pptx', 'xlsx']);
    assert.deepEqual(new Set(OFFICE_TYPES.map((type) => type.mime)), OFFICE_MIME_TYPES);
    for (const type of OFFICE_TYPES) {
      const [extension] = type.extensions;
      assert.equal(fileExtension(type.mime, 'report.bin'), extension, type.mime);
      assert.equal(contentTypeOf(`files/report.${extension}`), type.mime, extension);
    }
  });
});
