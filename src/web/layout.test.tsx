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

describe('layout main menu', () => {
  const menu: SiteContext['mainMenu'] = [
    { label: 'Home', href: '/', children: [] },
    {
      label: 'Resources',
      href: '/resources',
      children: [
        { label: 'Publications', href: '/publications', children: [] },
        { label: 'News', href: '/media', children: [{ label: 'Press releases', href: '/media/press-releases', children: [] }] },
      ],
    },
  ];
  const page = (context: SiteContext, path: string) =>
    renderToString(
      <Layout ctx={context} meta={{ title: 'Page', path }}>
        <p>body</p>
      </Layout>,
    );
  const current = (html: string) => [...html.matchAll(/<a href="([^"]+)" aria-current="(\w+)"/g)].map(([, href, value]) => `${href} ${value}`);

  it('marks the page and the sections it lies in, for each page, however many pages of a section came before', () => {
    const context = { ...ctx, mainMenu: menu };
    assert.deepEqual(current(page(context, '/')), ['/en/ page']);
    assert.deepEqual(current(page(context, '/publications/a-report')), ['/en/resources true', '/en/publications true']);
    assert.deepEqual(current(page(context, '/publications/another-report?x=1')), ['/en/resources true', '/en/publications true']);
    assert.deepEqual(current(page(context, '/publications')), ['/en/resources true', '/en/publications page']);
    assert.deepEqual(current(page(context, '/media/press-releases')), ['/en/resources true', '/en/media true', '/en/media/press-releases page']);
    assert.deepEqual(current(page(context, '/about')), []);
    assert.deepEqual(current(page(context, '/publications/a-report')), ['/en/resources true', '/en/publications true']);
  });

  it('draws a new context’s menu after a change', () => {
    const before = page({ ...ctx, mainMenu: menu }, '/about');
    const after = page({ ...ctx, mainMenu: [{ label: 'About us', href: '/about', children: [] }] }, '/about');
    assert.match(before, />Resources</);
    assert.doesNotMatch(after, />Resources</);
    assert.deepEqual(current(after), ['/en/about page']);
  });
});
