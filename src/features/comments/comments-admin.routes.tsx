import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { formatNumber } from '../../i18n/format.js';
import { pickTranslation } from '../../i18n/translation.js';
import { userActor } from '../audit/actors.js';
import { csrfTokenFor, sendAdminPage } from '../admin/admin-page.js';
import { refuse } from '../audit/refusals.js';
import { writeAudit } from '../audit/audit.repository.js';
import { MODERATION_ACTIONS, ModerationPage, type ModerationAction } from './comments-admin.views.js';
import { commentsMessages } from './comments.messages.js';
import { can } from './comments.policy.js';
import {
  countCommentsByStatus,
  deleteComments,
  findCommentsByIds,
  findItemTitles,
  listCommentsForModeration,
  setCommentsStatus,
} from './comments.repository.js';
import { COMMENT_STATUSES, type CommentStatus } from './comments.tables.js';

export const MODERATION_PAGE_SIZE = 50;
/** A bulk action covers one page of the queue at most. */
const MAX_BULK_IDS = MODERATION_PAGE_SIZE;
const TARGET_STATUS: Record<Exclude<ModerationAction, 'delete'>, CommentStatus> = { approve: 'approved', reject: 'rejected', spam: 'spam' };

const listQuery = z.object({
  status: z.enum(COMMENT_STATUSES).catch('pending'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  done: z.enum(['changed', 'deleted', 'none']).optional().catch(undefined),
  n: z.coerce.number().int().min(0).max(MAX_BULK_IDS).optional().catch(undefined),
});

const id = z.coerce.number().int().min(1).max(2_147_483_647);
const bulkBody = z.object({
  status: z.enum(COMMENT_STATUSES).catch('pending'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  /** A row's own button: `approve:12`. */
  one: z
    .string()
    .regex(/^(approve|reject|spam|delete):\d{1,10}$/)
    .refine((v) => id.safeParse(v.split(':')[1]).success)
    .optional(),
  action: z.enum(MODERATION_ACTIONS).optional(),
  ids: z.union([id, z.array(id).max(MAX_BULK_IDS)]).optional(),
});

/** `/admin/comments`: the moderation queue. Every change is audited; approving or removing a public comment empties the page cache. */
export async function commentsAdminRoutes(app: FastifyInstance): Promise<void> {
  app.get('/admin/comments', async (request, reply) => {
    const user = request.user!;
    if (!can(user, 'comments.moderate')) return refuse(app, request, reply, 'comments.moderate');
    const q = listQuery.parse(request.query ?? {});
    const t = commentsMessages[user.locale];
    const [{ rows, total }, counts] = await Promise.all([
      listCommentsForModeration(app.db, q.status, q.page, MODERATION_PAGE_SIZE),
      countCommentsByStatus(app.db),
    ]);
    const titleRows = await findItemTitles(app.db, rows);
    const titles = new Map(
      [...titleRows].map(([k, list]) => [k, pickTranslation(list, user.locale, app.config.locales)?.value.title ?? '']),
    );
    const n = formatNumber(q.n ?? 0, user.locale);
    const notice = q.done === 'changed' ? t.changed(n) : q.done === 'deleted' ? t.deleted(n) : q.done === 'none' ? t.nothingSelected : undefined;
    return sendAdminPage(request, reply, {
      title: t.title,
      path: '/admin/comments',
      children: (
        <ModerationPage
          locale={user.locale}
          timeZone={app.config.timeZone}
          csrfToken={csrfTokenFor(reply)}
          status={q.status}
          counts={counts}
          rows={rows}
          titles={titles}
          page={q.page}
          totalPages={Math.max(1, Math.ceil(total / MODERATION_PAGE_SIZE))}
          notice={notice}
        />
      ),
    });
  });

  app.post('/admin/comments', async (request, reply) => {
    const user = request.user!;
    if (!can(user, 'comments.moderate')) return refuse(app, request, reply, 'comments.moderate');
    const parsed = bulkBody.safeParse(request.body ?? {});
    if (!parsed.success) return reply.redirect('/admin/comments', 303);
    const { status, page, one } = parsed.data;
    let action: ModerationAction | undefined;
    let ids: number[];
    if (one) {
      const [a, n] = one.split(':');
      action = a as ModerationAction;
      ids = [Number(n)];
    } else {
      action = parsed.data.action;
      const raw = parsed.data.ids;
      ids = raw === undefined ? [] : Array.isArray(raw) ? [...new Set(raw)] : [raw];
    }
    const back = (done: string, n?: number) =>
      `/admin/comments?status=${status}${page > 1 ? `&page=${page}` : ''}&done=${done}${n === undefined ? '' : `&n=${n}`}`;
    if (!action || ids.length === 0) return reply.redirect(back('none'), 303);

    const chosen = action;
    const outcome = await app.db.transaction().execute(async (tx) => {
      const before = await findCommentsByIds(tx, ids);
      const found = before.map((c) => c.id);
      if (chosen === 'delete') await deleteComments(tx, found);
      else await setCommentsStatus(tx, found, TARGET_STATUS[chosen], user.id);
      for (const c of before) {
        // The audit keeps what the comment was; the commenter's email is left out of it.
        await writeAudit(tx, {
          actor: userActor(user.id),
          action: `comment.${chosen}`,
          subjectType: 'comment',
          subjectId: String(c.id),
          before: c,
          after: chosen === 'delete' ? null : { status: TARGET_STATUS[chosen] },
        });
      }
      const touchesPublic = before.length > 0 && (chosen === 'approve' || before.some((c) => c.status === 'approved'));
      return { count: before.length, touchesPublic };
    });
    if (outcome.touchesPublic) app.contentChanged();
    return reply.redirect(back(chosen === 'delete' ? 'deleted' : 'changed', outcome.count), 303);
  });
}
