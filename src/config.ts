import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { SUPPORTED_LOCALES } from './i18n/locales.js';
import type { StorageSettings } from './storage/index.js';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'on', 'off'])
  .transform((v) => v === 'true' || v === '1' || v === 'on');

const localeList = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .pipe(
    z
      .array(z.enum(SUPPORTED_LOCALES))
      .min(1)
      .refine((list) => new Set(list).size === list.length, 'a locale is listed twice'),
  );

/** An IP address, or a network in CIDR notation (`10.0.0.0/8`, `fd00::/8`). */
function isAddressOrNetwork(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = net.isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/**
 * The reverse proxy's own addresses: only a request arriving from one of them may say, through
 * X-Forwarded-For and X-Forwarded-Proto, who the client is and whether it used HTTPS. `true`
 * (trust anyone) is refused: any client could then pick its own address and escape every
 * per-address limit.
 */
const trustedProxies = z
  .string()
  .refine(
    (v) => !['true', '1', 'on', 'yes'].includes(v.trim().toLowerCase()),
    "trusting every address lets any client choose its own IP with X-Forwarded-For; name the proxy's own address instead, e.g. TRUST_PROXY=127.0.0.1 (or a list: 10.0.0.0/8,::1), or false for no proxy",
  )
  .transform((v) => (['false', '0', 'off', 'no'].includes(v.trim().toLowerCase()) ? '' : v))
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .pipe(
    z.array(
      z.string().refine(isAddressOrNetwork, {
        error: (issue) => `"${String(issue.input)}" is not an IP address or network (e.g. 127.0.0.1, 10.0.0.0/8, ::1)`,
      }),
    ),
  );

/** One schema over the environment: every variable the server reads is named here. */
const environmentShape = z.object({
    // Any value is accepted (tools set their own); only "production" changes a default.
    NODE_ENV: z.string().default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('localhost'),
    PUBLIC_URL: z.string().url().default('http://localhost:3000'),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: z
      .string()
      .regex(/^(postgres(ql)?:\/\/|sqlite:|file:|[./\w])/, 'must be a postgres:// URL or a SQLite file path')
      .optional(),
    LOCALES: localeList.prefault('en,km'),
    DEFAULT_LOCALE: z.enum(SUPPORTED_LOCALES).default('en'),
    SITE_TIMEZONE: z
      .string()
      .default('Asia/Phnom_Penh')
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'not a known IANA time zone'),
    PAGE_CACHE: booleanFlag.prefault('on'),
    PAGE_CACHE_MAX_MB: z.coerce.number().int().min(1).max(65_536).default(64),
    PAGE_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
    // Unset means "unless NODE_ENV=production": a production database never gets the fictional demo by accident.
    SEED_ON_FIRST_START: booleanFlag.optional(),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(60),
    SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
    TRUST_PROXY: trustedProxies.prefault('false'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
      .optional(),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
    MAIL_FROM: z.string().email('must be an email address').default('no-reply@localhost'),
    MAIL_RATE_PER_SECOND: z.coerce.number().int().min(1).max(100_000).default(20),
    MAIL_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
    MAIL_WORKER: booleanFlag.prefault('on'),
    PDF_TEXT_WORKER: booleanFlag.prefault('on'),
    ENCRYPTION_KEY: z
      .string()
      .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 random bytes in base64 (openssl rand -base64 32)')
      .optional(),
    SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
    DATABASE_QUERY_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
    DATABASE_START_TIMEOUT_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    // Where the quick exit on the report and HRD support pages sends the visitor: a neutral page.
    QUICK_EXIT_URL: z.string().url().regex(/^https?:\/\//, 'must be an http(s) URL').default('https://www.bbc.com/weather'),
    // Pages (below the locale) that get the quick exit besides the report pages: HRD support.
    QUICK_EXIT_PATHS: z
      .string()
      .default('/human-rights-defenders,/projects/human-rights-defenders-project,/projects/women-human-rights-defenders')
      .transform((list) => list.split(',').map((p) => p.trim()).filter(Boolean))
      .refine((paths) => paths.every((p) => /^\/[\w\-/]*$/.test(p)), 'must be paths such as /human-rights-defenders, separated by commas'),
    // The site's Tor onion service (docs/mirror.md): browsers that can use it are told so on every page.
    ONION_ADDRESS: z
      .string()
      .regex(/^[a-z2-7]{56}\.onion$/, 'must be a v3 onion address: 56 letters a-z and digits 2-7, then .onion (the hostname file of HiddenServiceDir)')
      .optional(),
    STORAGE: z.enum(['disk', 's3'], 'must be disk (files under DATA_DIR) or s3 (an S3-compatible bucket)').default('disk'),
    S3_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name: 3-63 lowercase letters, digits, dots and hyphens')
      .optional(),
    S3_REGION: z.string().regex(/^[a-z0-9-]{2,40}$/, 'must be a region name such as us-east-1, eu-central-1 or auto').default('us-east-1'),
    S3_ENDPOINT: z
      .string()
      .url('must be the service URL, e.g. https://s3.eu-central-003.backblazeb2.com')
      .regex(/^https?:\/\//, 'must be an http:// or https:// URL')
      .optional(),
    S3_ACCESS_KEY_ID: z.string().optional(),
    S3_SECRET_ACCESS_KEY: z.string().optional(),
    S3_FORCE_PATH_STYLE: booleanFlag.prefault('false'),
});

/** STORAGE=s3 needs a bucket, and access keys come in pairs (or not at all: the AWS SDK's own chain). */
function checkStorageSettings(c: z.infer<typeof environmentShape>, ctx: z.RefinementCtx): void {
  if (c.STORAGE !== 's3') return;
  if (!c.S3_BUCKET) ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'is required with STORAGE=s3: the name of the bucket that keeps the files' });
  if (Boolean(c.S3_ACCESS_KEY_ID) !== Boolean(c.S3_SECRET_ACCESS_KEY)) {
    const missing = c.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID';
    ctx.addIssue({ code: 'custom', path: [missing], message: 'is required with the other S3 access key setting (set both, or neither to use the AWS credential chain)' });
  }
}

export const configSchema = environmentShape
  .refine((c) => c.LOCALES.includes(c.DEFAULT_LOCALE), {
    path: ['DEFAULT_LOCALE'],
    message: 'must be one of LOCALES',
  })
  .superRefine(checkStorageSettings);

export type RawConfig = z.infer<typeof configSchema>;

export interface Config {
  nodeEnv: string;
  /** NODE_ENV=production: defaults that suit a real organisation's server rather than a trial. */
  production: boolean;
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string;
  locales: RawConfig['LOCALES'];
  defaultLocale: RawConfig['DEFAULT_LOCALE'];
  timeZone: string;
  pageCache: boolean;
  /** Memory the page cache may hold, bodies and their compressed forms together. */
  pageCacheMaxMb: number;
  pageCacheTtlSeconds: number;
  /** Import the demo organisation into a database that was never initialised (SEED_ON_FIRST_START). */
  seedOnFirstStart: boolean;
  /** Signs cookies; from SESSION_SECRET, else generated once into the data directory. */
  sessionSecret: string | undefined;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  /** Addresses and networks of the reverse proxy in front; empty when clients connect directly. */
  trustProxy: string[];
  logLevel: RawConfig['LOG_LEVEL'];
  /** Without it, mail is written as .eml files to DATA_DIR/outbox instead of being sent. */
  smtpUrl: string | undefined;
  /** Where rate limits are counted when set (several servers without database round trips); else in the database. */
  redisUrl: string | undefined;
  mailFrom: string;
  mailRatePerSecond: number;
  mailConcurrency: number;
  /** Whether `serve` runs the outbox sender in-process (a separate `dove mail worker` may run it instead). */
  mailWorker: boolean;
  /** Whether this server reads queued PDFs' text in the background (claims keep servers from reading one twice). */
  pdfTextWorker: boolean;
  /** Key-encryption key for protected case data; from ENCRYPTION_KEY, else generated once into the data directory. */
  encryptionKey: string | undefined;
  /** The neutral page the quick exit replaces the report and HRD support pages with. */
  quickExitUrl: string;
  /** Paths below the locale whose pages get the quick exit (the report pages always do). */
  quickExitPaths: readonly string[];
  /** After SIGTERM: how long in-flight requests and mail sends get before the process exits anyway. */
  shutdownGraceSeconds: number;
  /** PostgreSQL: a statement, or the wait for a connection, is cancelled after this long. */
  databaseQueryTimeoutSeconds: number;
  /** How long `serve` waits for an unreachable database at start before giving up. */
  databaseStartTimeoutSeconds: number;
  /** The onion service's address (no scheme): HTML pages send `Onion-Location` pointing at the same page there. */
  onionAddress: string | undefined;
  /** Where uploads, renditions and evidence are kept: under DATA_DIR, or in an S3-compatible bucket. */
  storage: StorageSettings;
}

export class ConfigError extends Error {}

/** Reads the environment; a wrong value throws a ConfigError naming each variable at fault. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked = Object.fromEntries(
    Object.keys(environmentShape.shape).map((key) => [key, emptyToUndefined(env[key])]),
  );
  const parsed = configSchema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(config)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const dataDir = path.resolve(c.DATA_DIR);
  const production = c.NODE_ENV === 'production';
  return {
    nodeEnv: c.NODE_ENV,
    production,
    port: c.PORT,
    host: c.HOST,
    publicUrl: c.PUBLIC_URL.replace(/\/+$/, ''),
    dataDir,
    databaseUrl: c.DATABASE_URL ?? path.join(dataDir, 'dove.sqlite'),
    locales: c.LOCALES,
    defaultLocale: c.DEFAULT_LOCALE,
    timeZone: c.SITE_TIMEZONE,
    pageCache: c.PAGE_CACHE,
    pageCacheMaxMb: c.PAGE_CACHE_MAX_MB,
    pageCacheTtlSeconds: c.PAGE_CACHE_TTL_SECONDS,
    seedOnFirstStart: c.SEED_ON_FIRST_START ?? !production,
    sessionSecret: c.SESSION_SECRET,
    sessionIdleMinutes: c.SESSION_IDLE_MINUTES,
    sessionMaxHours: c.SESSION_MAX_HOURS,
    trustProxy: c.TRUST_PROXY,
    logLevel: c.LOG_LEVEL,
    smtpUrl: c.SMTP_URL,
    redisUrl: c.REDIS_URL,
    mailFrom: c.MAIL_FROM,
    mailRatePerSecond: c.MAIL_RATE_PER_SECOND,
    mailConcurrency: c.MAIL_CONCURRENCY,
    mailWorker: c.MAIL_WORKER,
    pdfTextWorker: c.PDF_TEXT_WORKER,
    encryptionKey: c.ENCRYPTION_KEY,
    quickExitUrl: c.QUICK_EXIT_URL,
    quickExitPaths: c.QUICK_EXIT_PATHS,
    shutdownGraceSeconds: c.SHUTDOWN_GRACE_SECONDS,
    databaseQueryTimeoutSeconds: c.DATABASE_QUERY_TIMEOUT_SECONDS,
    databaseStartTimeoutSeconds: c.DATABASE_START_TIMEOUT_SECONDS,
    onionAddress: c.ONION_ADDRESS,
    storage: storageSettings(c, dataDir),
  };
}

function storageSettings(c: RawConfig, dataDir: string): StorageSettings {
  if (c.STORAGE === 'disk') return { kind: 'disk', root: dataDir };
  return {
    kind: 's3',
    bucket: c.S3_BUCKET!,
    region: c.S3_REGION,
    endpoint: c.S3_ENDPOINT?.replace(/\/+$/, ''),
    accessKeyId: c.S3_ACCESS_KEY_ID,
    secretAccessKey: c.S3_SECRET_ACCESS_KEY,
    forcePathStyle: c.S3_FORCE_PATH_STYLE,
  };
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
