import type { SessionUser } from '../accounts/session-user.js';

export type EditorAction = 'list' | 'create' | 'edit' | 'submit' | 'publish' | 'unpublish' | 'delete' | 'history' | 'preview';

/** What an author's rights depend on: who made the item and where it is in the workflow. */
export interface EditorSubject {
  ownerId: number | null;
  status: string | null;
}

const AUTHOR_ON_ANY: ReadonlySet<EditorAction> = new Set(['list', 'create']);
/** Others' unpublished items (embargoed statements, scheduled news) stay out of an author's sight. */
const AUTHOR_ON_OWN: ReadonlySet<EditorAction> = new Set(['preview']);
const AUTHOR_ON_OWN_DRAFT: ReadonlySet<EditorAction> = new Set(['edit', 'submit', 'history']);

/**
 * Content rights, deny by default: admins and editors may do everything with content;
 * authors may write, edit and submit their own drafts (never publish) and preview their own
 * items; monitors nothing.
 */
export function can(user: SessionUser | null, action: EditorAction, subject?: EditorSubject): boolean {
  if (!user) return false;
  if (user.role === 'admin' || user.role === 'editor') return true;
  if (user.role !== 'author') return false;
  if (AUTHOR_ON_ANY.has(action)) return true;
  if (!subject) return false;
  if (AUTHOR_ON_OWN.has(action)) return subject.ownerId === user.id;
  if (!AUTHOR_ON_OWN_DRAFT.has(action)) return false;
  // A new item (no status yet) is the author's own draft.
  return subject.ownerId === user.id && (subject.status === null || subject.status === 'draft');
}
