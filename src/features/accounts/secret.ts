import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const SECRET_FILE = 'session-secret';
const SECRET_BYTES = 48;

/**
 * The secret that signs cookies: SESSION_SECRET when set, else one generated on first start
 * into the data directory (readable by its owner only), so no secret lives in the repository.
 */
export function loadOrCreateSecret(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  const file = path.join(dataDir, SECRET_FILE);
  const existing = readSecret(file);
  if (existing) return existing;
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  // Several processes or threads may start on a new data directory at once (the mirror's
  // rendering threads do): the secret is written whole under another name and then linked into
  // place, which fails if one is already there, so each reads the first one written and none
  // reads a file half-written.
  const pending = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  fs.writeFileSync(pending, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  try {
    fs.linkSync(pending, file);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const first = readSecret(file);
    if (!first) throw new Error(`${file} is empty: remove it and start again to make a new cookie secret`, { cause: error });
    return first;
  } finally {
    fs.rmSync(pending, { force: true });
  }
}

function readSecret(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim() || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
