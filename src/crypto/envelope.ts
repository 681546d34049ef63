import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/*
 * Envelope encryption for protected data, with AES-256-GCM from node:crypto.
 *
 * Each sealed value gets its own random data key; the data key is sealed with the key-encryption
 * key (KEK) from configuration and travels with the value. Rotating the KEK therefore re-seals
 * only the small data keys (`resealValue`), and a copy of the database is useless without the KEK.
 * The `context` (for example `hrd_victims.name`) is bound as associated data, so a sealed value
 * cannot be moved to another column and still open.
 *
 * Text format: `dv1.<kek id>.<sealed data key>.<iv>.<ciphertext+tag>` (base64url parts).
 * Binary format (evidence files): magic `DVE1`, then the same four parts length-prefixed.
 */

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const TEXT_PREFIX = 'dv1';
const BINARY_MAGIC = Buffer.from('DVE1');
const KEY_FILE = 'encryption-key';

export class DecryptionError extends Error {}

export interface KeyEncryptionKey {
  /** A short fingerprint naming the key in sealed values; not secret, not the key. */
  id: string;
  key: Buffer;
}

export function keyFromBase64(base64: string): KeyEncryptionKey {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`An encryption key must be ${KEY_BYTES} bytes in base64.`);
  return { id: createHash('sha256').update(key).digest('base64url').slice(0, 10), key };
}

export function generateKeyBase64(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/**
 * The KEK from ENCRYPTION_KEY, else from DATA_DIR/encryption-key, created (mode 0600) on first
 * use so a demo install works; production should set ENCRYPTION_KEY from a secret store.
 */
export function loadKeyEncryptionKey(configured: string | undefined, dataDir: string): KeyEncryptionKey {
  const existing = readKeyEncryptionKey(configured, dataDir);
  if (existing) return existing;
  // Callers check at start that no sealed data exists before a key may be generated
  // (checkEncryptionKey); a new key beside sealed data would make every case unreadable.
  const generated = generateKeyBase64();
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(keyFilePath(dataDir), `${generated}\n`, { mode: 0o600, flag: 'wx' });
  return keyFromBase64(generated);
}

/** The configured key, or the key file's, without ever creating one; undefined when neither exists. */
export function readKeyEncryptionKey(configured: string | undefined, dataDir: string): KeyEncryptionKey | undefined {
  if (configured) return keyFromBase64(configured);
  const file = keyFilePath(dataDir);
  return fs.existsSync(file) ? keyFromBase64(fs.readFileSync(file, 'utf8').trim()) : undefined;
}

export function keyFilePath(dataDir: string): string {
  return path.join(dataDir, KEY_FILE);
}

interface Sealed {
  kekId: string;
  sealedKey: Buffer;
  iv: Buffer;
  body: Buffer;
}

function gcmSeal(key: Buffer, plain: Buffer, aad: Buffer): { iv: Buffer; body: Buffer } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  return { iv, body };
}

function gcmOpen(key: Buffer, iv: Buffer, body: Buffer, aad: Buffer): Buffer {
  if (body.length < TAG_BYTES) throw new DecryptionError('The sealed value is truncated.');
  const decipher = createDecipheriv(ALGORITHM, key, iv);
  decipher.setAAD(aad);
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new DecryptionError('The value does not open with this key (wrong key, context or damaged data).');
  }
}

/** The data key is sealed with the KEK; its iv is stored in front of it. */
function sealDataKey(kek: KeyEncryptionKey, dataKey: Buffer, context: string): Buffer {
  const { iv, body } = gcmSeal(kek.key, dataKey, Buffer.from(`dek:${context}`));
  return Buffer.concat([iv, body]);
}

function openDataKey(kek: KeyEncryptionKey, sealedKey: Buffer, context: string): Buffer {
  return gcmOpen(kek.key, sealedKey.subarray(0, IV_BYTES), sealedKey.subarray(IV_BYTES), Buffer.from(`dek:${context}`));
}

function sealBytes(kek: KeyEncryptionKey, plain: Buffer, context: string): Sealed {
  const dataKey = randomBytes(KEY_BYTES);
  const { iv, body } = gcmSeal(dataKey, plain, Buffer.from(context));
  const sealed = { kekId: kek.id, sealedKey: sealDataKey(kek, dataKey, context), iv, body };
  dataKey.fill(0);
  return sealed;
}

function openBytes(kek: KeyEncryptionKey, sealed: Sealed, context: string): Buffer {
  if (sealed.kekId !== kek.id) throw new DecryptionError(`The value is sealed under key ${sealed.kekId}, not ${kek.id}.`);
  const dataKey = openDataKey(kek, sealed.sealedKey, context);
  try {
    return gcmOpen(dataKey, sealed.iv, sealed.body, Buffer.from(context));
  } finally {
    dataKey.fill(0);
  }
}

function toText(s: Sealed): string {
  return [TEXT_PREFIX, s.kekId, s.sealedKey.toString('base64url'), s.iv.toString('base64url'), s.body.toString('base64url')].join('.');
}

function fromText(text: string): Sealed {
  const parts = text.split('.');
  if (parts.length !== 5 || parts[0] !== TEXT_PREFIX) throw new DecryptionError('Not a sealed value.');
  const [, kekId, sealedKey, iv, body] = parts as [string, string, string, string, string];
  return { kekId, sealedKey: Buffer.from(sealedKey, 'base64url'), iv: Buffer.from(iv, 'base64url'), body: Buffer.from(body, 'base64url') };
}

function toBinary(s: Sealed): Buffer {
  const id = Buffer.from(s.kekId);
  const lengths = Buffer.alloc(3);
  lengths.writeUInt8(id.length, 0);
  lengths.writeUInt8(s.sealedKey.length, 1);
  lengths.writeUInt8(s.iv.length, 2);
  return Buffer.concat([BINARY_MAGIC, lengths, id, s.sealedKey, s.iv, s.body]);
}

function fromBinary(data: Buffer): Sealed {
  if (data.length < BINARY_MAGIC.length + 3 || !data.subarray(0, 4).equals(BINARY_MAGIC)) throw new DecryptionError('Not a sealed file.');
  const [idLength, keyLength, ivLength] = [data.readUInt8(4), data.readUInt8(5), data.readUInt8(6)];
  let at = 7;
  const take = (n: number) => data.subarray(at, (at += n));
  return { kekId: take(idLength).toString(), sealedKey: take(keyLength), iv: take(ivLength), body: data.subarray(at) };
}

/** Seals and opens values under one KEK. Create one per process with `createVault`. */
export interface Vault {
  keyId: string;
  seal(plain: string, context: string): string;
  open(sealed: string, context: string): string;
  sealOptional(plain: string | null | undefined, context: string): string | null;
  openOptional(sealed: string | null | undefined, context: string): string | null;
  sealFile(plain: Buffer, context: string): Buffer;
  openFile(sealed: Buffer, context: string): Buffer;
  /** HMAC-SHA256 (hex) of `data` under a key derived from the KEK for `purpose`. */
  keyedHash(data: Buffer, purpose: string): string;
}

export function createVault(kek: KeyEncryptionKey): Vault {
  return {
    keyId: kek.id,
    seal: (plain, context) => toText(sealBytes(kek, Buffer.from(plain, 'utf8'), context)),
    open: (sealed, context) => openBytes(kek, fromText(sealed), context).toString('utf8'),
    sealOptional: (plain, context) => (plain === null || plain === undefined || plain === '' ? null : toText(sealBytes(kek, Buffer.from(plain, 'utf8'), context))),
    openOptional: (sealed, context) => (sealed ? openBytes(kek, fromText(sealed), context).toString('utf8') : null),
    sealFile: (plain, context) => toBinary(sealBytes(kek, plain, context)),
    openFile: (sealed, context) => openBytes(kek, fromBinary(sealed), context),
    keyedHash: (data, purpose) => keyedHash(kek, data, purpose),
  };
}

/**
 * A fingerprint only the holder of the KEK can compute or check: HMAC-SHA256 under a key derived
 * from the KEK with HKDF, one key per `purpose` (the HKDF info), so it never doubles as the KEK.
 * It changes with the KEK: key rotation recomputes every stored one.
 */
export function keyedHash(kek: KeyEncryptionKey, data: Buffer, purpose: string): string {
  const key = Buffer.from(hkdfSync('sha256', kek.key, Buffer.alloc(0), purpose, KEY_BYTES));
  try {
    return createHmac('sha256', key).update(data).digest('hex');
  } finally {
    key.fill(0);
  }
}

/**
 * Key rotation: the value's data key is opened with the old KEK and sealed again under the new
 * one; the ciphertext of the value itself is unchanged. Afterwards the old KEK opens nothing.
 */
export function resealValue(sealed: string, context: string, from: KeyEncryptionKey, to: KeyEncryptionKey): string {
  const s = fromText(sealed);
  if (s.kekId === to.id) return sealed;
  if (s.kekId !== from.id) throw new DecryptionError(`The value is sealed under key ${s.kekId}, neither the old nor the new key.`);
  const dataKey = openDataKey(from, s.sealedKey, context);
  const resealed = toText({ ...s, kekId: to.id, sealedKey: sealDataKey(to, dataKey, context) });
  dataKey.fill(0);
  return resealed;
}

export function resealFile(sealed: Buffer, context: string, from: KeyEncryptionKey, to: KeyEncryptionKey): Buffer {
  const s = fromBinary(sealed);
  if (s.kekId === to.id) return sealed;
  if (s.kekId !== from.id) throw new DecryptionError(`The file is sealed under key ${s.kekId}, neither the old nor the new key.`);
  const dataKey = openDataKey(from, s.sealedKey, context);
  const resealed = toBinary({ ...s, kekId: to.id, sealedKey: sealDataKey(to, dataKey, context) });
  dataKey.fill(0);
  return resealed;
}
