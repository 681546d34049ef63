import type { ComponentChildren } from 'preact';
import { assetUrl } from '../../web/assets.js';
import { DoveLogo } from '../../web/components/dove-logo.js';
import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../i18n/locales.js';
import { adminMessages } from './admin.messages.js';

/** An entry of the admin menu. */
export interface AdminNavItem {
  href: string;
  label: (locale: Locale) => string;
}

/**
 * A section of the admin, as a feature hands it to the frame (the menu is assembled in
 * `features/admin-sections.ts`; the frame knows no feature). `visibleTo` is the section's own
 * policy for its menu entry, for sections not open to every staff member; the routes check
 * again, so it only tidies the menu.
 */
export interface AdminSection extends AdminNavItem {
  visibleTo?: (user: FastifyRequest['user']) => boolean;
}

/** What the frame shows of the signed-in user. */
export interface FrameUser {
  name: string;
  locale: Locale;
}

interface AdminLayoutProps {
  user: FrameUser | null;
  title: string;
  /** The current admin path, to mark the menu item. */
  path: string;
  /** The menu entries this user may open (`adminNavFor(request)`). */
  nav: readonly AdminNavItem[];
  /** The CSRF token for the sign-out form (every state change is a POST with a token). */
  csrfToken?: string;
  /** Extra stylesheets or scripts only the admin loads (the rich-text editor bundle). */
  head?: ComponentChildren;
  children: ComponentChildren;
}

/** The admin frame, in the user's language; never cached, never indexed. */
export function AdminLayout({ user, title, path, nav, csrfToken, head, children }: AdminLayoutProps) {
  const locale = user?.locale ?? 'en';
  const t = adminMessages[locale];
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
