import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Role } from '../../src/features/accounts/roles.js';
import type { SessionUser } from '../../src/features/accounts/session-user.js';
import { can as canEdit, type EditorAction } from '../../src/features/editor/editor.policy.js';
import { can as canMedia, type MediaAction } from '../../src/features/media-library/media-library.policy.js';
import { can as canMenus } from '../../src/features/menus-admin/menus-admin.policy.js';
import { can as canSettings, type SiteSettingsAction } from '../../src/features/site-settings/site-settings.policy.js';

const user = (role: Role, id = 7): SessionUser => ({ id, role, email: `${role}@example.org`, name: role, locale: 'en', sessionId: 's' });
const yes = (...roles: Role[]) => Object.fromEntries((['admin', 'editor', 'author', 'monitor'] as Role[]).map((r) => [r, roles.includes(r)])) as Record<Role, boolean>;

/** Content rights, on someone else's published item (the strictest case for authors). */
const CONTENT: Array<[EditorAction, Record<Role, boolean>]> = [
  ['list', yes('admin', 'editor', 'author')],
  ['create', yes('admin', 'editor', 'author')],
  ['preview', yes('admin', 'editor')],
  ['edit', yes('admin', 'editor')],
  ['submit', yes('admin', 'editor')],
  ['history', yes('admin', 'editor')],
  ['publish', yes('admin', 'editor')],
  ['unpublish', yes('admin', 'editor')],
  ['delete', yes('admin', 'editor')],
];

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

const MEDIA: Array<[MediaAction, Record<Role, boolean>]> = [
  ['view', yes('admin', 'editor', 'author')],
  ['upload', yes('admin', 'editor', 'author')],
  ['editAlt', yes('admin', 'editor', 'author')],
  ['delete', yes('admin', 'editor')],
];

const SETTINGS: Array<[SiteSettingsAction, Record<Role, boolean>]> = [['editSettings', yes('admin')]];

describe('permission matrix: every role × every action, deny by default', () => {
  for (const [action, expected] of CONTENT) {
    for (const [role, allowed] of Object.entries(expected) as Array<[Role, boolean]>) {
      it(`content: ${role} ${allowed ? 'may' : 'may not'} ${action} another person's published item`, () => {
        assert.equal(canEdit(user(role), action, { ownerId: 999, status: 'published' }), allowed);
      });
    }
  }
  for (const [action, allowed] of OWN_DRAFT) {
    it(`content: an author ${allowed ? 'may' : 'may not'} ${action} their own draft`, () => {
      assert.equal(canEdit(user('author', 7), action, { ownerId: 7, status: 'draft' }), allowed);
    });
  }
  it('content: an author may not edit their own item once it is in review or published', () => {
    assert.equal(canEdit(user('author', 7), 'edit', { ownerId: 7, status: 'in_review' }), false);
    assert.equal(canEdit(user('author', 7), 'edit', { ownerId: 7, status: 'published' }), false);
  });
  it('content: an author may preview their own item in review, and nobody else\'s draft', () => {
    assert.equal(canEdit(user('author', 7), 'preview', { ownerId: 7, status: 'in_review' }), true);
    assert.equal(canEdit(user('author', 7), 'preview', { ownerId: 8, status: 'draft' }), false);
  });
  for (const [action, expected] of MEDIA) {
    for (const [role, allowed] of Object.entries(expected) as Array<[Role, boolean]>) {
      it(`media: ${role} ${allowed ? 'may' : 'may not'} ${action}`, () => assert.equal(canMedia(user(role), action), allowed));
    }
  }
  for (const [action, expected] of SETTINGS) {
    for (const [role, allowed] of Object.entries(expected) as Array<[Role, boolean]>) {
      it(`settings: ${role} ${allowed ? 'may' : 'may not'} ${action}`, () => assert.equal(canSettings(user(role), action), allowed));
    }
  }
  for (const [role, allowed] of Object.entries(yes('admin', 'editor')) as Array<[Role, boolean]>) {
    it(`menus: ${role} ${allowed ? 'may' : 'may not'} edit menus`, () => assert.equal(canMenus(user(role), 'editMenus'), allowed));
  }
  it('refuses everything to nobody', () => {
    assert.equal(canEdit(null, 'list'), false);
    assert.equal(canMedia(null, 'view'), false);
    assert.equal(canSettings(null, 'editSettings'), false);
    assert.equal(canMenus(null, 'editMenus'), false);
  });
});
