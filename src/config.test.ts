import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('has working defaults: port 3000, English and Khmer, SQLite under ./data', () => {
    const c = loadConfig({});
    assert.equal(c.port, 3000);
    assert.deepEqual(c.locales, ['en', 'km']);
    assert.match(c.databaseUrl, /data\/dove\.sqlite$/);
    assert.equal(c.pageCache, true);
    assert.deepEqual(c.trustProxy, []);
  });

  it("trusts forwarded headers only from the proxy's own addresses", () => {
    assert.deepEqual(loadConfig({ TRUST_PROXY: '127.0.0.1' }).trustProxy, ['127.0.0.1']);
    assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.0/8, ::1,fd00::/8' }).trustProxy, ['10.0.0.0/8', '::1', 'fd00::/8']);
    assert.deepEqual(loadConfig({ TRUST_PROXY: 'false' }).trustProxy, []);
  });

  it('refuses TRUST_PROXY=true and says to name the proxy instead', () => {
    for (const value of ['true', 'TRUE', '1', 'on']) {
      assert.throws(
        () => loadConfig({ TRUST_PROXY: value }),
        (e: Error) => e instanceof ConfigError && /TRUST_PROXY/.test(e.message) && /name the proxy's own address/.test(e.message),
      );
    }
  });

  it('refuses a TRUST_PROXY entry that is not an address or a network', () => {
    for (const value of ['localhost', '10.0.0.0/33', '::1/129', '127.0.0.1,proxy', '10.0.0.0/8/1', '300.1.1.1']) {
      assert.throws(() => loadConfig({ TRUST_PROXY: value }), /TRUST_PROXY/, value);
    }
  });

  it('names the variable at fault', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty' }), (e: Error) => e instanceof ConfigError && /PORT/.test(e.message));
    assert.throws(() => loadConfig({ LOCALES: 'en,fr' }), /LOCALES/);
    assert.throws(() => loadConfig({ DEFAULT_LOCALE: 'km', LOCALES: 'en' }), /DEFAULT_LOCALE/);
    assert.throws(() => loadConfig({ PAGE_CACHE: 'maybe' }), /PAGE_CACHE/);
    assert.throws(() => loadConfig({ SITE_TIMEZONE: 'Mars/Olympus' }), /SITE_TIMEZONE/);
    assert.throws(() => loadConfig({ PUBLIC_URL: 'not a url' }), /PUBLIC_URL/);
  });

  it('imports the demo on first start unless NODE_ENV=production; SEED_ON_FIRST_START wins either way', () => {
    const dev = loadConfig({});
    assert.equal(dev.production, false);
    assert.equal(dev.nodeEnv, 'development');
    assert.equal(dev.seedOnFirstStart, true);
    const prod = loadConfig({ NODE_ENV: 'production' });
    assert.equal(prod.production, true);
    assert.equal(prod.seedOnFirstStart, false);
    assert.equal(loadConfig({ NODE_ENV: 'production', SEED_ON_FIRST_START: 'true' }).seedOnFirstStart, true);
    assert.equal(loadConfig({ SEED_ON_FIRST_START: 'off' }).seedOnFirstStart, false);
    assert.equal(loadConfig({ NODE_ENV: 'test' }).seedOnFirstStart, true);
    assert.throws(() => loadConfig({ SEED_ON_FIRST_START: 'sometimes' }), /SEED_ON_FIRST_START/);
  });

  it('accepts a PostgreSQL URL and a one-language site', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/dove', LOCALES: 'km', DEFAULT_LOCALE: 'km' });
    assert.equal(c.databaseUrl, 'postgres://u@127.0.0.1:5432/dove');
    assert.deepEqual(c.locales, ['km']);
  });

  it('keeps files on disk by default, and in a bucket with STORAGE=s3 and its settings', () => {
    assert.deepEqual(loadConfig({ DATA_DIR: '/srv/dove' }).storage, { kind: 'disk', root: '/srv/dove' });
    const s3 = loadConfig({
      STORAGE: 's3',
      S3_BUCKET: 'dove-files',
      S3_REGION: 'auto',
      S3_ENDPOINT: 'https://acct.r2.cloudflarestorage.com/',
      S3_ACCESS_KEY_ID: 'id',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_FORCE_PATH_STYLE: 'true',
    }).storage;
    assert.deepEqual(s3, { kind: 's3', bucket: 'dove-files', region: 'auto', endpoint: 'https://acct.r2.cloudflarestorage.com', accessKeyId: 'id', secretAccessKey: 'secret', forcePathStyle: true });
  });

  it('names each missing or wrong storage setting', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (err) {
        assert.ok(err instanceof ConfigError);
        return err.message;
      }
      return assert.fail('the configuration was accepted');
    };
    assert.match(problems({ STORAGE: 'ftp' }), /STORAGE: must be disk .* or s3/);
    assert.match(problems({ STORAGE: 's3' }), /S3_BUCKET: is required with STORAGE=s3/);
    assert.match(problems({ STORAGE: 's3', S3_BUCKET: 'Bad_Bucket' }), /S3_BUCKET: must be a bucket name/);
    assert.match(problems({ STORAGE: 's3', S3_BUCKET: 'ok-bucket', S3_ENDPOINT: 'minio:9000' }), /S3_ENDPOINT: must be/);
    assert.match(problems({ STORAGE: 's3', S3_BUCKET: 'ok-bucket', S3_ACCESS_KEY_ID: 'id' }), /S3_SECRET_ACCESS_KEY: is required with the other S3 access key/);
    assert.match(problems({ STORAGE: 's3', S3_BUCKET: 'ok-bucket', S3_FORCE_PATH_STYLE: 'maybe' }), /S3_FORCE_PATH_STYLE/);
  });
});
