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
});
