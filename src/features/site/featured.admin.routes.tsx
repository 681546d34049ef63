import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sendAdminPage, csrfTokenFor } from '../admin/admin-page.js';
import { writeAudit } from '../audit/audit.repository.js';
import { denyAccess } from '../site-settings/deny.js';
import { FEATURED_KINDS, findFeaturedChoice, saveFeaturedChoice, type FeaturedChoice } from '../site-settings/site-settings.repository.js';
import { can } from '../site-settings/site-settings.policy.js';
import { listFeaturedCandidates } from './featured.repository.js';
import { FeaturedForm, featuredValue } from './featured.admin.views.js';
import { siteMessages } from './site.messages.js';

const FEATURED_PATH = '/admin/featured';

/** "alert:slug", "project:slug", "publication:slug", or empty for no featured item. */
const choiceBody = z.object({
  featured: z
    .string()
    .max(300)
    .regex(new RegExp(`^(|(${FEATURED_KINDS.join('|')}):[a-z0-9-]+)$`)),
});

function parseChoice(value: string): FeaturedChoice | undefined {
  if (!value) return undefined;
  const [kind, slug] = value.split(':') as [FeaturedChoice['kind'], string];
  return { kind, slug };
}

/** `/admin/featured`: editors choose the item the home page leads with. */
export async function featuredAdminRoutes(app: FastifyInstance): Promise<void> {
  app.get(FEATURED_PATH, async (request, reply) => {
    if (!can(request.user, 'editFeatured')) return denyAccess(request, reply, 'settings', 'editFeatured');
    const current = await findFeaturedChoice(app.db);
    return render(request, reply, current ? featuredValue(current) : '');
  });

  app.post(FEATURED_PATH, async (request, reply) => {
    if (!can(request.user, 'editFeatured')) return denyAccess(request, reply, 'settings', 'editFeatured');
    const user = request.user!;
    const t = siteMessages[user.locale];
    const parsed = choiceBody.safeParse(request.body);
    const value = parsed.success ? parsed.data.featured : '';
    const choice = parseChoice(value);
    const candidates = await listFeaturedCandidates(app.db);
    // Only an item that is public now may be featured: the list is what the form offered.
    if (!parsed.success || (choice && !candidates.some((c) => featuredValue(c) === value))) {
      return render(request, reply, value, { error: t.featuredInvalid, status: 400 });
    }
    await app.db.transaction().execute(async (tx) => {
      const before = await findFeaturedChoice(tx);
      await saveFeaturedChoice(tx, choice);
      await writeAudit(tx, {
        actor: `user:${user.id}`,
        action: 'settings.featured',
        subjectType: 'settings',
        subjectId: 'home-featured',
        before: before ?? null,
        after: choice ?? null,
      });
    });
    app.contentChanged();
    return render(request, reply, value, { notice: choice ? t.featuredSaved : t.featuredCleared });
  });
}

async function render(
  request: FastifyRequest,
  reply: FastifyReply,
  selected: string,
  outcome: { notice?: string; error?: string; status?: number } = {},
) {
  const user = request.user!;
  const candidates = await listFeaturedCandidates(request.server.db);
  return sendAdminPage(request, reply, {
    title: siteMessages[user.locale].featuredTitle,
    path: FEATURED_PATH,
    status: outcome.status ?? 200,
    children: (
      <FeaturedForm
        locale={user.locale}
        order={request.server.config.locales}
        csrfToken={csrfTokenFor(reply)}
        candidates={candidates}
        selected={selected}
        notice={outcome.notice}
        error={outcome.error}
      />
    ),
  });
}
