import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import { Layout } from './layout.js';
import type { SiteContext } from './site-context.js';

const ctx: SiteContext = {
  locale: 'en',
  locales: ['en', 'km'],
  publicUrl: 'https://example.org',
  timeZone: 'Asia/Phnom_Penh',
  name: 'Test Organisation',
  shortName: 'TO',
  tagline: '',
  description: '',
  address: '',
  email: undefined,
  phone: undefined,
  social: [],
  mainMenu: [],
  footerMenu: [],
  logo: undefined,
  slots: {},
};

describe('layout links', () => {
  it('never carries campaign tags into canonical, alternate or og:url links', () => {
    const html = renderToString(
      <Layout ctx={ctx} meta={{ title: 'Reports', path: '/publications?type=report&utm_source=newsletter&fbclid=abc' }}>
        <p>body</p>
      </Layout>,
    );
    assert.match(html, /<link rel="canonical" href="https:\/\/example.org\/en\/publications\?type=report"/);
    assert.match(html, /hreflang="km" href="https:\/\/example.org\/km\/publications\?type=report"/);
    assert.doesNotMatch(html, /utm_|fbclid/);
  });
});
