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

describe('layout footer', () => {
  it('renders the footer once per site context, and a new context’s footer after a change', () => {
    let formsRendered = 0;
    const FooterForm = ({ org }: { org: string }) => {
      formsRendered += 1;
      return <form class="footer-form">{org}</form>;
    };
    const page = (context: SiteContext, path: string) =>
      renderToString(
        <Layout ctx={context} meta={{ title: 'Page', path }}>
          <p>body</p>
        </Layout>,
      );
    const before = { ...ctx, address: 'Street 1\nPhnom Penh', slots: { FooterForm } };
    const first = page(before, '/');
    const second = page(before, '/publications');
    assert.equal(formsRendered, 1);
    const footer = (html: string) => /<footer class="site-footer">[\s\S]*<\/footer>/.exec(html)?.[0];
    assert.equal(footer(first), footer(second));
    assert.match(footer(first)!, /<address>Street 1<br\/>Phnom Penh<\/address>/);
    assert.match(footer(first)!, /<form class="footer-form">TO<\/form>/);
    const changed = page({ ...before, address: 'Street 2' }, '/');
    assert.equal(formsRendered, 2);
    assert.match(footer(changed)!, /<address>Street 2<\/address>/);
  });
});
