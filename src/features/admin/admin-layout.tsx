import type { ComponentChildren } from 'preact';
import { assetUrl } from '../../web/assets.js';
import { DoveLogo } from '../../web/components/dove-logo.js';
import type { SessionUser } from '../accounts/session-user.js';
import type { Locale } from '../../i18n/locales.js';
import { CONTENT_TYPES } from '../content-types/content-types.js';
import { typeSectionLabel } from '../content-types/content-types.messages.js';
import { adminMessages } from './admin.messages.js';

export interface AdminNavItem {
  href: string;
  label: (locale: Locale) => string;
}

const section = (label: keyof (typeof adminMessages)['en']): AdminNavItem['label'] => (locale) => adminMessages[locale][label] as string;
const item = (href: string, label: keyof (typeof adminMessages)['en']): AdminNavItem => ({ href, label: section(label) });

/** The admin's sections, in menu order; each feature's routes live under these paths. */
export const ADMIN_NAV: AdminNavItem[] = [
  item('/admin', 'dashboard'),
  ...CONTENT_TYPES.map((type) => ({ href: type.adminPath, label: (locale: Locale) => typeSectionLabel(type.key, locale) })),
  item('/admin/media', 'media'),
  item('/admin/menus', 'menus'),
  item('/admin/settings', 'settings'),
  item('/admin/subscribers', 'subscribers'),
  item('/admin/mailings', 'mailings'),
  item('/admin/outbox', 'outbox'),
  item('/admin/comments', 'comments'),
  item('/admin/contact', 'contactInbox'),
  item('/admin/reports', 'incidentReports'),
  item('/admin/cases', 'cases'),
  item('/admin/hrd-alerts', 'hrdAlerts'),
  item('/admin/fund', 'supportFund'),
  item('/admin/vocabularies', 'vocabularies'),
  item('/admin/users', 'users'),
  item('/admin/audit', 'auditLog'),
];

interface AdminLayoutProps {
  user: SessionUser | null;
  title: string;
  /** The current admin path, to mark the menu item. */
  path: string;
  /** Which nav items this user may open (their `can` answers); the rest are not shown. */
  visibleNav?: readonly string[];
  /** The CSRF token for the sign-out form (every state change is a POST with a token). */
  csrfToken?: string;
  /** Extra stylesheets or scripts only the admin loads (the rich-text editor bundle). */
  head?: ComponentChildren;
  children: ComponentChildren;
}

/** The admin frame, in the user's language; never cached, never indexed. */
export function AdminLayout({ user, title, path, visibleNav, csrfToken, head, children }: AdminLayoutProps) {
  const locale = user?.locale ?? 'en';
  const t = adminMessages[locale];
  const nav = ADMIN_NAV.filter((item) => !visibleNav || visibleNav.includes(item.href));
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${title} · ${t.admin}`}</title>
        <link rel="icon" href={assetUrl('favicon.svg')} type="image/svg+xml" />
        <link rel="stylesheet" href={assetUrl('site.css')} />
        <link rel="stylesheet" href={assetUrl('admin.css')} />
        {head}
      </head>
      <body class="admin">
        <header class="site-header admin-header">
          <div class="wrap site-header__inner">
            <a class="brand" href="/admin">
              <DoveLogo class="brand__logo" title={t.admin} />
              <span class="brand__text">
                <span class="brand__name">{t.admin}</span>
              </span>
            </a>
            {user && (
              <div class="admin-header__user">
                <span>{t.signedInAs(user.name)}</span>
                <a href="/admin/account">{t.account}</a>
                <a href={`/${locale}/`}>{t.viewSite}</a>
                <form method="post" action="/admin/sign-out" class="inline-form">
                  {csrfToken && <input type="hidden" name="_csrf" value={csrfToken} />}
                  <button type="submit" class="button-link">
                    {t.signOut}
                  </button>
                </form>
              </div>
            )}
          </div>
          {user && (
            <nav class="main-nav admin-nav" aria-label={t.adminNavigation}>
              <ul class="wrap main-nav__list">
                {nav.map((item) => (
                  <li>
                    <a href={item.href} aria-current={isCurrent(item.href, path) ? 'page' : undefined}>
                      {item.label(locale)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
        </header>
        <main id="main" tabIndex={-1} class="wrap site-main admin-main">
          {children}
        </main>
      </body>
    </html>
  );
}

function isCurrent(href: string, path: string): boolean {
  return href === '/admin' ? path === '/admin' : path === href || path.startsWith(`${href}/`);
}
