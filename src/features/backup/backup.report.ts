import type { Config } from '../../config.js';
import { keyFilePath } from '../../crypto/envelope.js';
import type { BackupResult } from './backup.command.js';
import type { RestoreResult } from './restore.command.js';

const MIB = 1024 * 1024;

/** Where the key must be kept, said every time: the archive is useless without it, and dangerous beside it. */
function keyAdvice(config: Pick<Config, 'dataDir' | 'encryptionKey'>, keyId: string | null): string {
  const where = config.encryptionKey ? 'the ENCRYPTION_KEY setting' : keyFilePath(config.dataDir);
  return (
    `The encryption key is NOT in the archive${keyId ? ` (this backup needs key ${keyId})` : ''}. Keep a copy of the key from ${where} ` +
    'in a password manager or secret store, apart from the backups: without it nobody can read the case data, and anyone who finds both can.'
  );
}

export function backupReport(result: BackupResult, config: Pick<Config, 'dataDir' | 'encryptionKey'>): string {
  const m = result.manifest;
  const tables = m.entries.filter((e) => e.rows !== undefined);
  const rows = tables.reduce((n, e) => n + (e.rows ?? 0), 0);
  const files = m.entries.length - tables.length - (m.sessionSecret === 'file' ? 1 : 0);
  return [
    `Backup written: ${result.file} (${(result.bytes / MIB).toFixed(1)} MiB, 0600).`,
    `  ${tables.length} tables (${rows} rows, ${m.engine}, schema ${m.migration}), ${files} uploaded and evidence files, checksums in manifest.json.`,
    m.sessionSecret === 'environment'
      ? '  The cookie secret comes from SESSION_SECRET: keep that value too, or restored subscribers’ links stop working.'
      : m.sessionSecret === 'file' ? '  The cookie secret (session-secret) is included.' : '  No cookie secret existed yet.',
    keyAdvice(config, m.encryptionKeyId),
  ].join('\n');
}

export function restoreReport(result: RestoreResult, config: Pick<Config, 'dataDir' | 'encryptionKey'>): string {
  const m = result.manifest;
  return [
    `Restored the backup of ${m.createdAt} (Dove ${m.doveVersion}, from ${m.engine}): ${result.rows} rows and ${result.files} files, every checksum verified.`,
    result.key === 'checked' ? 'The configured encryption key opens the restored case data.' : 'The backup holds no sealed case data, so no key was needed.',
    m.sessionSecret === 'environment' ? 'Set SESSION_SECRET to the value the old site used, or subscribers’ links will not work.' : '',
    'Mail sending and scheduled publishing are PAUSED, so this copy mails nobody. When it is the real site, resume them in the admin',
    '(Dashboard: "Resume sending and publishing") or with `dove operations resume`.',
    keyAdvice(config, m.encryptionKeyId),
  ].filter(Boolean).join('\n');
}
