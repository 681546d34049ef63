import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createVault, DecryptionError, generateKeyBase64, keyFilePath, keyFromBase64, loadKeyEncryptionKey, resealFile, resealValue } from './envelope.js';

const kek = () => keyFromBase64(generateKeyBase64());

describe('envelope encryption', () => {
  it('round-trips text, Khmer included, and an empty string', () => {
    const vault = createVault(kek());
    for (const text of ['Sok Chea, +855 12 345 678', 'សុខ ជា — ភូមិថ្មី', '', 'x'.repeat(100_000)]) {
      assert.equal(vault.open(vault.seal(text, 'hrd_victims.name_enc'), 'hrd_victims.name_enc'), text);
    }
  });

  it('seals the same text differently every time, with no trace of it', () => {
    const vault = createVault(kek());
    const a = vault.seal('Sok Chea', 'c');
    const b = vault.seal('Sok Chea', 'c');
    assert.notEqual(a, b);
    assert.doesNotMatch(a, /Sok|Chea/);
    assert.doesNotMatch(Buffer.from(a.split('.')[4]!, 'base64url').toString('latin1'), /Sok Chea/);
  });

  it('writes the text format dv1.<key id>.<sealed key>.<iv>.<ciphertext and tag>', () => {
    const key = kek();
    const sealed = createVault(key).seal('hello', 'ctx');
    const parts = sealed.split('.');
    assert.equal(parts.length, 5);
    assert.equal(parts[0], 'dv1');
    assert.equal(parts[1], key.id);
    assert.equal(Buffer.from(parts[2]!, 'base64url').length, 12 + 32 + 16, 'iv, data key and tag');
    assert.equal(Buffer.from(parts[3]!, 'base64url').length, 12);
    assert.equal(Buffer.from(parts[4]!, 'base64url').length, 5 + 16);
    for (const p of parts.slice(2)) assert.match(p, /^[A-Za-z0-9_-]+$/);
  });

  it('refuses the wrong key, even one claiming the right id', () => {
    const right = kek();
    const sealed = createVault(right).seal('secret', 'ctx');
    assert.throws(() => createVault(kek()).open(sealed, 'ctx'), DecryptionError);
    const impostor = { id: right.id, key: kek().key };
    assert.throws(() => createVault(impostor).open(sealed, 'ctx'), DecryptionError);
  });

  it('refuses the wrong context: a value cannot move to another column', () => {
    const vault = createVault(kek());
    const sealed = vault.seal('secret', 'hrd_victims.name_enc');
    assert.throws(() => vault.open(sealed, 'hrd_victims.contact_enc'), DecryptionError);
    const file = vault.sealFile(Buffer.from('bytes'), 'hrd_evidence.file:a');
    assert.throws(() => vault.openFile(file, 'hrd_evidence.file:b'), DecryptionError);
  });

  it('detects tampering with any part of a sealed value', () => {
    const vault = createVault(kek());
    const sealed = vault.seal('secret words', 'ctx');
    const parts = sealed.split('.');
    for (const i of [2, 3, 4]) {
      const bytes = Buffer.from(parts[i]!, 'base64url');
      bytes[bytes.length - 1]! ^= 1;
      const tampered = [...parts];
      tampered[i] = bytes.toString('base64url');
      assert.throws(() => vault.open(tampered.join('.'), 'ctx'), DecryptionError, `part ${i}`);
    }
    assert.throws(() => vault.open(parts.slice(0, 4).join('.'), 'ctx'), DecryptionError);
    assert.throws(() => vault.open('plain text', 'ctx'), DecryptionError);
    assert.throws(() => vault.open(`dv1.${parts[1]}.${parts[2]}.${parts[3]}.AA`, 'ctx'), DecryptionError, 'truncated');
  });

  it('handles optional values', () => {
    const vault = createVault(kek());
    assert.equal(vault.sealOptional(null, 'c'), null);
    assert.equal(vault.sealOptional('', 'c'), null);
    assert.equal(vault.openOptional(null, 'c'), null);
    assert.equal(vault.openOptional(vault.sealOptional('x', 'c'), 'c'), 'x');
  });

  it('seals files in the DVE1 binary format and opens them only intact', () => {
    const key = kek();
    const vault = createVault(key);
    const plain = Buffer.from('%PDF-1.7 evidence bytes');
    const sealed = vault.sealFile(plain, 'f');
    assert.equal(sealed.subarray(0, 4).toString(), 'DVE1');
    const [idLen, keyLen, ivLen] = [sealed[4]!, sealed[5]!, sealed[6]!];
    assert.equal(sealed.subarray(7, 7 + idLen).toString(), key.id);
    assert.equal(keyLen, 12 + 32 + 16);
    assert.equal(ivLen, 12);
    assert.equal(sealed.length, 7 + idLen + keyLen + ivLen + plain.length + 16);
    assert.equal(sealed.indexOf(plain), -1);
    assert.deepEqual(vault.openFile(sealed, 'f'), plain);
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 20]! ^= 0x40;
    assert.throws(() => vault.openFile(flipped, 'f'), DecryptionError);
    assert.throws(() => vault.openFile(Buffer.from('DVE0xxxx'), 'f'), DecryptionError);
  });

  it('re-seals values and files for a new key: only the new key opens them afterwards', () => {
    const [oldKey, newKey] = [kek(), kek()];
    const old = createVault(oldKey);
    const next = createVault(newKey);
    const value = old.seal('name', 'ctx');
    const moved = resealValue(value, 'ctx', oldKey, newKey);
    assert.equal(next.open(moved, 'ctx'), 'name');
    assert.throws(() => old.open(moved, 'ctx'), DecryptionError);
    assert.equal(resealValue(moved, 'ctx', oldKey, newKey), moved, 'already under the new key');
    assert.throws(() => resealValue(value, 'other', oldKey, newKey), DecryptionError);
    assert.throws(() => resealValue(value, 'ctx', kek(), newKey), DecryptionError);
    const file = old.sealFile(Buffer.from('bytes'), 'f');
    const movedFile = resealFile(file, 'f', oldKey, newKey);
    assert.equal(next.openFile(movedFile, 'f').toString(), 'bytes');
    assert.throws(() => old.openFile(movedFile, 'f'), DecryptionError);
  });

  it('loads ENCRYPTION_KEY, or creates a key file readable only by its owner', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-kek-'));
    try {
      const configured = generateKeyBase64();
      assert.equal(loadKeyEncryptionKey(configured, dir).id, keyFromBase64(configured).id);
      assert.equal(fs.existsSync(keyFilePath(dir)), false);
      const made = loadKeyEncryptionKey(undefined, dir);
      assert.equal(fs.statSync(keyFilePath(dir)).mode & 0o777, 0o600);
      assert.equal(loadKeyEncryptionKey(undefined, dir).id, made.id, 'the same key next time');
      assert.throws(() => keyFromBase64(Buffer.alloc(16).toString('base64')), /32 bytes/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
