import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ACCOUNT_ACTIONS, can as canAccounts } from '../../src/features/accounts/accounts.policy.js';
import { ROLES, type Role } from '../../src/features/accounts/roles.js';
import type { SessionUser } from '../../src/features/accounts/session-user.js';
import { AUDIT_ACTIONS, can as canAudit } from '../../src/features/audit/audit.policy.js';
import { can as canComments, type CommentsAction } from '../../src/features/comments/comments.policy.js';
import { can as canContact, type ContactAction } from '../../src/features/contact/contact.policy.js';
import { can as canEdit, type EditorAction } from '../../src/features/editor/editor.policy.js';
import { CASE_ACTIONS, can as canCases } from '../../src/features/hrd-cases/cases.policy.js';
import { REPORT_ACTIONS, can as canReports } from '../../src/features/incident-reports/reports.policy.js';
import { MAIL_ACTIONS, can as canMail } from '../../src/features/mail/mail.policy.js';
import { can as canMailings, type MailingsAction } from '../../src/features/mailings/mailings.policy.js';
import { can as canMedia, type MediaAction } from '../../src/features/media-library/media-library.policy.js';
import { can as canMenus, type MenusAdminAction } from '../../src/features/menus-admin/menus-admin.policy.js';
import { can as canRedirects, type RedirectsAction } from '../../src/features/redirects/redirects.policy.js';
import { OPERATIONS_ACTIONS, can as canOperations } from '../../src/features/operations/operations.policy.js';
import { can as canSettings, type SiteSettingsAction } from '../../src/features/site-settings/site-settings.policy.js';
import { can as canSubscribers, type SubscribersAction } from '../../src/features/subscribers/subscribers.policy.js';
import { VOCABULARY_ACTIONS, can as canVocabularies } from '../../src/features/hrd-vocabularies/vocabularies.policy.js';
import { UPR_ACTIONS, can as canUpr } from '../../src/features/upr/upr.policy.js';
import { REPO_ROOT } from '../helpers/cli.js';

const USER_ID = 7;
const user = (role: Role, id = USER_ID): SessionUser => ({ id, role, email: `${role}@example.org`, name: role, locale: 'en', sessionId: 's' });

/** Every member of an action union, listed once: the type check fails when one is missing or unknown. */
function allOf<A extends string>(members: Record<A, true>): A[] {
  return Object.keys(members) as A[];
}

/** A feature's `can`, asked about each of its actions with one subject. */
interface Policy<A extends string> {
  can: (...args: never[]) => boolean;
  actions: readonly A[];
  allows(user: SessionUser | null, action: A): boolean;
}

function policy<A extends string, S>(can: (user: SessionUser | null, action: A, subject?: S) => boolean, actions: readonly A[], subject?: S): Policy<A> {
  return { can, actions, allows: (u, action) => can(u, action, subject) };
}

/** Every policy, asked about someone else's published item or account (the strictest case for authors). */
const POLICIES = {
  content: policy(
    canEdit,
    allOf<EditorAction>({ list: true, create: true, preview: true, edit: true, submit: true, history: true, publish: true, unpublish: true, delete: true }),
    { ownerId: 999, status: 'published' },
  ),
  media: policy(canMedia, allOf<MediaAction>({ view: true, upload: true, editAlt: true, delete: true })),
  settings: policy(canSettings, allOf<SiteSettingsAction>({ editSettings: true, editMenus: true, editFeatured: true })),
  menus: policy(canMenus, allOf<MenusAdminAction>({ editMenus: true })),
  redirects: policy(canRedirects, allOf<RedirectsAction>({ 'redirects.edit': true })),
  comments: policy(canComments, allOf<CommentsAction>({ 'comments.moderate': true })),
  contact: policy(canContact, allOf<ContactAction>({ 'contact.read': true, 'contact.update': true })),
  subscribers: policy(
    canSubscribers,
    allOf<SubscribersAction>({ 'subscribers.list': true, 'subscribers.view': true, 'subscribers.import': true, 'subscribers.export': true, 'subscribers.erase': true }),
  ),
  mailings: policy(canMailings, allOf<MailingsAction>({ 'mailings.list': true, 'mailings.edit': true, 'mailings.send': true })),
  mail: policy(canMail, MAIL_ACTIONS),
  operations: policy(canOperations, OPERATIONS_ACTIONS),
  audit: policy(canAudit, AUDIT_ACTIONS),
  accounts: policy(canAccounts, ACCOUNT_ACTIONS, { id: 999 }),
  cases: policy(canCases, CASE_ACTIONS),
  vocabularies: policy(canVocabularies, VOCABULARY_ACTIONS),
  reports: policy(canReports, REPORT_ACTIONS),
  upr: policy(canUpr, UPR_ACTIONS),
};

type PolicyName = keyof typeof POLICIES;
type ActionOf<P extends PolicyName> = (typeof POLICIES)[P]['actions'][number];
/** What one role may do, policy by policy; every action not listed is denied. */
type Grants = { [P in PolicyName]: ReadonlyArray<ActionOf<P>> };

const POLICY_NAMES = allOf<PolicyName>({
  content: true,
  media: true,
  settings: true,
  menus: true,
  redirects: true,
  comments: true,
  contact: true,
  subscribers: true,
  mailings: true,
  mail: true,
  operations: true,
  audit: true,
  accounts: true,
  cases: true,
  vocabularies: true,
  reports: true,
  upr: true,
});

const NOTHING = { content: [], media: [], settings: [], menus: [], redirects: [], comments: [], contact: [], subscribers: [], mailings: [], mail: [], operations: [], audit: [], accounts: [], cases: [], vocabularies: [], reports: [], upr: [] } satisfies Grants;

/**
 * The whole matrix, one entry per role of the roles list: the type check and the tests below
 * fail when a role is added without saying what it may do.
 */
const GRANTS: Record<Role, Grants> = {
  admin: {
    content: POLICIES.content.actions,
    media: POLICIES.media.actions,
    settings: ['editSettings', 'editMenus', 'editFeatured'],
    menus: ['editMenus'],
    redirects: ['redirects.edit'],
    comments: ['comments.moderate'],
    contact: ['contact.read', 'contact.update'],
    subscribers: POLICIES.subscribers.actions,
    mailings: POLICIES.mailings.actions,
    mail: MAIL_ACTIONS,
    operations: OPERATIONS_ACTIONS,
    audit: AUDIT_ACTIONS,
    // Admins must keep two-factor sign-in.
    accounts: ['users.list', 'users.create', 'users.changeRole', 'users.disable', 'account.edit'],
    cases: CASE_ACTIONS,
    vocabularies: VOCABULARY_ACTIONS,
    reports: REPORT_ACTIONS,
    upr: UPR_ACTIONS,
  },
  editor: {
    ...NOTHING,
    content: POLICIES.content.actions,
    media: POLICIES.media.actions,
    settings: ['editMenus', 'editFeatured'],
    menus: ['editMenus'],
    redirects: ['redirects.edit'],
    comments: ['comments.moderate'],
    contact: ['contact.read', 'contact.update'],
    subscribers: POLICIES.subscribers.actions,
    mailings: POLICIES.mailings.actions,
    accounts: ['account.edit', 'twoFactor.disable'],
  },
  author: {
    ...NOTHING,
    content: ['list', 'create'],
    media: ['view', 'upload', 'editAlt'],
    accounts: ['account.edit', 'twoFactor.disable'],
  },
  monitor: {
    ...NOTHING,
    accounts: ['account.edit'],
    cases: [
      'cases.list',
      'cases.read',
      'cases.create',
      'cases.edit',
      'cases.export',
      'evidence.upload',
      'evidence.download',
      'interventions.edit',
      'fund.request',
      'alerts.publish',
    ],
    // Incident reports are triaged by the monitors who keep the case records.
    reports: REPORT_ACTIONS,
    // The UPR tracker is kept by the monitors, who document what its assessments speak of.
    upr: UPR_ACTIONS,
  },
  fund_manager: {
    ...NOTHING,
    accounts: ['account.edit'],
    cases: ['interventions.edit', 'fund.view', 'fund.assess', 'fund.decide', 'fund.disburse'],
  },
};

/** The actions a role may take under a policy; a role missing from the matrix stops the run here. */
function granted(role: Role, name: PolicyName): readonly string[] {
  const grants: Grants | undefined = GRANTS[role];
  if (!grants) throw new Error(`the permission matrix says nothing about the role ${role}`);
  return grants[name];
}

/** The author's own draft: they may work on it and submit it, never publish or delete it. */
const OWN_DRAFT: Array<[EditorAction, boolean]> = [
  ['preview', true],
  ['edit', true],
  ['submit', true],
  ['history', true],
  ['publish', false],
  ['unpublish', false],
  ['delete', false],
];

describe('permission matrix: every role × every action, deny by default', () => {
  it('says what every role of the roles list may do, and no other role', () => {
    assert.deepEqual(Object.keys(GRANTS).sort(), [...ROLES].sort());
  });

  it('asks every policy under src/', async () => {
    const featuresDir = path.join(REPO_ROOT, 'src/features');
    const files = fs.readdirSync(featuresDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.policy.ts'));
    const asked = new Set<unknown>(Object.values(POLICIES).map((p) => p.can));
    for (const file of files) {
      const { can } = (await import(pathToFileURL(path.join(featuresDir, file)).href)) as { can: unknown };
      assert.ok(asked.has(can), `${file} is missing from the matrix`);
    }
  });

  for (const role of ROLES) {
    for (const name of POLICY_NAMES) {
      const { actions, allows }: Policy<string> = POLICIES[name];
      for (const action of actions) {
        const allowed = granted(role, name).includes(action);
        it(`${name}: ${role} ${allowed ? 'may' : 'may not'} ${action}`, () => assert.equal(allows(user(role), action), allowed));
      }
    }
  }

  for (const [action, allowed] of OWN_DRAFT) {
    it(`content: an author ${allowed ? 'may' : 'may not'} ${action} their own draft`, () => {
      assert.equal(canEdit(user('author'), action, { ownerId: USER_ID, status: 'draft' }), allowed);
    });
  }
  it('content: an author may not edit their own item once it is in review or published', () => {
    assert.equal(canEdit(user('author'), 'edit', { ownerId: USER_ID, status: 'in_review' }), false);
    assert.equal(canEdit(user('author'), 'edit', { ownerId: USER_ID, status: 'published' }), false);
  });
  it("content: an author may preview their own item in review, and nobody else's draft", () => {
    assert.equal(canEdit(user('author'), 'preview', { ownerId: USER_ID, status: 'in_review' }), true);
    assert.equal(canEdit(user('author'), 'preview', { ownerId: 8, status: 'draft' }), false);
  });
  it('refuses everything to nobody', () => {
    for (const name of POLICY_NAMES) {
      const { actions, allows }: Policy<string> = POLICIES[name];
      for (const action of actions) assert.equal(allows(null, action), false, `${name}: ${action}`);
    }
  });
});
