import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AdminLayout } from '../admin/admin-layout.js';
import { adminNavFor } from '../admin/admin-page.js';
import { writeAudit } from '../audit/audit.repository.js';
import { findSiteSettings, saveSiteSettings } from '../site-settings/site-settings.repository.js';
import { denyAccess } from './deny.js';
import { formFromSettings, readSettingsBody, validateSettingsForm, type SettingsErrorKey, type SettingsForm } from './settings-form.js';
import { SettingsPage } from './settings.views.js';
import { can } from './site-settings.policy.js';
import { siteSettingsMessages } from './site-settings.messages.js';
import {
  findSiteLogoFileId,
  isImageFile,
  listImageChoices,
  listStripOrganisations,
  saveSiteLogoFileId,
  updateDonorsStrip,
} from './site-settings.repository.js';

/** `/admin/settings`: the organisation's identity, contact, social links, logo and donors strip. */
export async function settingsRoutes(app: FastifyInstance): Promise<void> {
  app.get('/admin/settings', async (request, reply) => {
    if (!can(request.user, 'editSettings')) return denyAccess(request, reply, 'settings', 'editSettings');
    const orgs = await listStripOrganisations(app.db, request.user!.locale);
    const form = formFromSettings(
      await findSiteSettings(app.db),
      await findSiteLogoFileId(app.db),
      orgs.map((o) => ({ id: o.id, inStrip: o.inDonorsStrip, order: String(o.sortOrder) })),
    );
    return render(request, reply, form, {});
  });

  app.post('/admin/settings', async (request, reply) => {
    if (!can(request.user, 'editSettings')) return denyAccess(request, reply, 'settings', 'editSettings');
    const user = request.user!;
    const orgs = await listStripOrganisations(app.db, user.locale);
    const read = readSettingsBody(request.body, app.config.locales, orgs.map((o) => o.id));
    const form = read.form;
    const current = await findSiteSettings(app.db);
    const result = validateSettingsForm(read, app.config.locales, current?.founded);
    if (!result.ok) return render(request, reply, form, result.errors, undefined, 400);
    if (result.logo !== null && !(await isImageFile(app.db, result.logo))) return render(request, reply, form, { logo: 'invalidLogo' }, undefined, 400);
    await app.db.transaction().execute(async (tx) => {
      const before = { settings: current, logo: await findSiteLogoFileId(tx), strip: orgs.map((o) => ({ id: o.id, inDonorsStrip: o.inDonorsStrip, sortOrder: o.sortOrder })) };
      await saveSiteSettings(tx, result.settings);
      await saveSiteLogoFileId(tx, result.logo);
      await updateDonorsStrip(tx, result.strip);
      await writeAudit(tx, {
        actor: `user:${user.id}`,
        action: 'settings.update',
        subjectType: 'settings',
        subjectId: 'site',
        before,
        after: { settings: result.settings, logo: result.logo, strip: result.strip },
      });
    });
    app.contentChanged();
    const saved = formFromSettings(await findSiteSettings(app.db), result.logo, form.strip);
    return render(request, reply, saved, {}, siteSettingsMessages[user.locale].saved);
  });
}

async function render(
  request: FastifyRequest,
  reply: FastifyReply,
  form: SettingsForm,
  errors: Record<string, SettingsErrorKey>,
  notice?: string,
  status = 200,
) {
  const app = request.server;
  const user = request.user!;
  const [images, orgs] = await Promise.all([listImageChoices(app.db), listStripOrganisations(app.db, user.locale)]);
  const csrfToken = reply.generateCsrf();
  reply.header('cache-control', 'no-store');
  return reply.sendHtml(
    <AdminLayout nav={adminNavFor(request)} user={user} title={siteSettingsMessages[user.locale].title} path="/admin/settings" csrfToken={csrfToken}>
      <SettingsPage
        locale={user.locale}
        locales={app.config.locales}
        csrfToken={csrfToken}
        form={form}
        errors={errors}
        images={images}
        orgNames={new Map(orgs.map((o) => [o.id, o.name]))}
        notice={notice}
      />
    </AdminLayout>,
    status,
  );
}
