import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyStorageError, storageFailureStatus } from './storage-errors.js';

const withCode = (code: string) => Object.assign(new Error(code), { code });

describe('storage error classification', () => {
  it('names a full disk, read-only storage and a refused permission', () => {
    assert.equal(classifyStorageError(withCode('ENOSPC')), 'storageFull');
    assert.equal(classifyStorageError(withCode('EDQUOT')), 'storageFull');
    assert.equal(classifyStorageError(withCode('SQLITE_FULL')), 'storageFull');
    assert.equal(classifyStorageError(withCode('53100')), 'storageFull');
    assert.equal(classifyStorageError(withCode('EROFS')), 'storageReadOnly');
    assert.equal(classifyStorageError(withCode('SQLITE_READONLY_DBMOVED')), 'storageReadOnly');
    assert.equal(classifyStorageError(withCode('EACCES')), 'storageDenied');
    assert.equal(classifyStorageError(withCode('EPERM')), 'storageDenied');
  });

  it('leaves every other error to the caller', () => {
    assert.equal(classifyStorageError(withCode('ENOENT')), undefined);
    assert.equal(classifyStorageError(withCode('SQLITE_CONSTRAINT_UNIQUE')), undefined);
    assert.equal(classifyStorageError(new Error('Input buffer contains unsupported image format')), undefined);
    assert.equal(classifyStorageError(undefined), undefined);
  });

  it('answers 507 for a full disk and 503 otherwise, never 500', () => {
    assert.equal(storageFailureStatus('storageFull'), 507);
    assert.equal(storageFailureStatus('storageReadOnly'), 503);
  });
});
