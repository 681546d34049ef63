import type { Locale } from '../i18n/locales.js';
import { can as canAccounts } from './accounts/accounts.policy.js';
import type { AdminNavGroup, AdminSection } from './admin/admin-layout.js';
import { adminMessages } from './admin/admin.messages.js';
import { can as canAudit } from './audit/audit.policy.js';
import { can as canComments } from './comments/comments.policy.js';
import { can as canContact } from './contact/contact.policy.js';
import { CONTENT_TYPES } from './content-types/content-types.js';
import { typeSectionLabel } from './content-types/content-types.messages.js';
import { can as canCases } from './hrd-cases/cases.policy.js';
import { can as canVocabularies } from './hrd-vocabularies/vocabularies.policy.js';
import { can as canMail } from './mail/mail.policy.js';
import { can as canReports } from './incident-reports/reports.policy.js';
import { can as canMailings } from './mailings/mailings.policy.js';
import { can as canRedirects } from './redirects/redirects.policy.js';
import { siteMessages } from './site/site.messages.js';
import { can as canSiteSettings } from './site-settings/site-settings.policy.js';
import { can as canSubscribers } from './subscribers/subscribers.policy.js';
import { can as canUpr } from './upr/upr.policy.js';

type Label = keyof (typeof adminMessages)['en'];

const section = (group: AdminNavGroup | undefined, href: string, label: Label, visibleTo?: AdminSection['visibleTo']): AdminSection => ({
  href,
  label: (locale: Locale) => adminMessages[locale][label] as string,
  ...(group ? { group } : {}),
  ...(visibleTo ? { visibleTo } : {}),
});

/**
 * The admin's sections in menu order, in the menu's groups: content and the files and menus
 * that present it; the audience (subscribers, newsletters, mail, comments, messages); the HRD
 * monitoring; and the site's settings, accounts and records, each with the policy of the feature that owns it. The
 * admin frame imports no feature: it is handed this list (`adminFrame` in `index.ts`), so a
 * section's feature can build its pages on the frame without the frame depending on it.
 */
export const ADMIN_SECTIONS: readonly AdminSection[] = [
  section(undefined, '/admin', 'dashboard'),
  ...CONTENT_TYPES.map((type): AdminSection => ({ href: type.adminPath, label: (locale: Locale) => typeSectionLabel(type.key, locale), group: 'content' })),
  section('content', '/admin/media', 'media'),
  section('content', '/admin/menus', 'menus'),
  { href: '/admin/featured', label: (locale: Locale) => siteMessages[locale].featuredTitle, visibleTo: (user) => canSiteSettings(user, 'editFeatured'), group: 'content' },
  section('audience', '/admin/subscribers', 'subscribers', (user) => canSubscribers(user, 'subscribers.list')),
  section('audience', '/admin/mailings', 'mailings', (user) => canMailings(user, 'mailings.list')),
  section('audience', '/admin/outbox', 'outbox', (user) => canMail(user, 'outbox.view')),
  section('audience', '/admin/comments', 'comments', (user) => canComments(user, 'comments.moderate')),
  section('audience', '/admin/contact', 'contactInbox', (user) => canContact(user, 'contact.read')),
  section('monitoring', '/admin/reports', 'incidentReports', (user) => canReports(user, 'reports.list')),
  section('monitoring', '/admin/cases', 'cases', (user) => canCases(user, 'cases.list')),
  section('monitoring', '/admin/hrd-alerts', 'hrdAlerts', (user) => canCases(user, 'alerts.publish')),
  section('monitoring', '/admin/upr', 'upr', (user) => canUpr(user, 'upr.manage')),
  section('monitoring', '/admin/fund', 'supportFund', (user) => canCases(user, 'fund.view') || canCases(user, 'fund.request')),
  section('monitoring', '/admin/vocabularies', 'vocabularies', (user) => canVocabularies(user, 'vocabularies.edit')),
  section('settings', '/admin/settings', 'settings'),
  section('settings', '/admin/redirects', 'redirects', (user) => canRedirects(user, 'redirects.edit')),
  section('settings', '/admin/users', 'users', (user) => canAccounts(user, 'users.list')),
  section('settings', '/admin/audit', 'auditLog', (user) => canAudit(user, 'audit.view')),
];
