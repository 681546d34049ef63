import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { readForm } from '../../web/form-schema.js';
import { csrfTokenFor, sendAdminPage } from '../admin/admin-page.js';
import { refuse } from '../audit/refusals.js';
import { writeAudit } from '../audit/audit.repository.js';
import { AccountPage, type AccountView } from './account.views.js';
import { accountsMessages } from './accounts.messages.js';
import { can } from './accounts.policy.js';
import { EnrolForm, RecoveryCodes, type FormErrors } from './accounts.views.js';
import { checkNewPassword, currentPasswordShape, passwordChangeShape, readAccountForm, totpCodeShape } from './form-input.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { ROLES_REQUIRING_TWO_FACTOR } from './roles.js';
import { deleteOtherSessions } from './sessions.repository.js';
import { userActor } from '../audit/actors.js';
import { openTotpSecret, sealTotpSecret } from './totp-secret.js';
import { matchTotpStep, newRecoveryCodes, newTotpSecret, totpEnrolment } from './two-factor.js';
import {
  countUnusedRecoveryCodes,
  deleteSessionOfUser,
  findUserById,
  listSessionsOfUser,
  markSessionVerified,
  replaceRecoveryCodes,
  updateUser,
} from './users.repository.js';

const doneQuery = z.object({ done: z.enum(['passwordChanged', 'languageSaved']).optional() });
const sessionParams = z.object({ id: z.string().regex(/^[0-9a-f]{64}$/) });

/** The signed-in user's own account: language, password, sessions and two-step verification. */
export async function accountRoutes(app: FastifyInstance): Promise<void> {
  async function renderAccount(request: FastifyRequest, reply: FastifyReply, extra: Partial<AccountView> = {}, status = 200) {
    const user = request.user!;
    const row = await findUserById(app.db, user.id);
    const enabled = Boolean(row?.totpEnabledAt);
    const view: AccountView = {
      locale: user.locale,
      locales: app.config.locales,
      timeZone: app.config.timeZone,
      csrfToken: csrfTokenFor(reply),
      currentSessionId: user.sessionId,
      sessions: await listSessionsOfUser(app.db, user.id),
      twoFactorEnabled: enabled,
      recoveryCodesLeft: enabled ? await countUnusedRecoveryCodes(app.db, user.id) : 0,
      mayDisableTwoFactor: can(user, 'twoFactor.disable'),
      ...extra,
    };
    return sendAdminPage(request, reply, { title: accountsMessages[user.locale].accountTitle, path: '/admin/account', status, children: <AccountPage {...view} /> });
  }

  app.get('/admin/account', { schema: { querystring: doneQuery } }, async (request, reply) => {
    return renderAccount(request, reply, { done: (request.query as z.infer<typeof doneQuery>).done });
  });

  /** The language form: one of the site's languages. */
  const languageShape = { locale: z.enum(app.config.locales) };

  app.post('/admin/account/language', async (request, reply) => {
    const user = request.user!;
    const read = readForm(languageShape, request.body);
    // The select offers only the site's languages; anything else changes nothing.
    if (!read.ok) return reply.redirect('/admin/account', 303);
    const { locale } = read.value;
    await app.db.transaction().execute(async (tx) => {
      await updateUser(tx, user.id, { locale });
      await writeAudit(tx, { actor: userActor(user.id), action: 'user.locale', subjectType: 'user', subjectId: String(user.id), before: { locale: user.locale }, after: { locale } });
    });
    return reply.redirect('/admin/account?done=languageSaved', 303);
  });

  app.post('/admin/account/password', async (request, reply) => {
    const user = request.user!;
    const { current, password, password2 } = readAccountForm(passwordChangeShape, request.body).fields;
    const row = await findUserById(app.db, user.id);
    const errors: FormErrors = checkNewPassword(password, user.email, password2);
    if (!(await verifyPassword(row?.passwordHash, current))) errors.current = 'wrongPassword';
    if (Object.keys(errors).length) return renderAccount(request, reply, { passwordErrors: errors }, 400);
    const passwordHash = await hashPassword(password);
    await app.db.transaction().execute(async (tx) => {
      await updateUser(tx, user.id, { passwordHash, passwordChangedAt: new Date().toISOString() });
      // Whoever knew the old password may hold a session: only this one survives the change.
      await deleteOtherSessions(tx, user.id, user.sessionId);
      await writeAudit(tx, { actor: userActor(user.id), action: 'user.password', subjectType: 'user', subjectId: String(user.id) });
    });
    return reply.redirect('/admin/account?done=passwordChanged', 303);
  });

  app.post('/admin/account/sessions/:id/end', { schema: { params: sessionParams } }, async (request, reply) => {
    const user = request.user!;
    const { id } = request.params as z.infer<typeof sessionParams>;
    await app.db.transaction().execute(async (tx) => {
      if (await deleteSessionOfUser(tx, user.id, id)) {
        await writeAudit(tx, { actor: userActor(user.id), action: 'session.end', subjectType: 'user', subjectId: String(user.id) });
      }
    });
    return reply.redirect(id === user.sessionId ? '/admin/sign-in' : '/admin/account', 303);
  });

  // Reachable before the second factor: a user whose role needs it enrols here right after the password.
  app.get('/admin/account/two-factor', { config: { allowPendingTwoFactor: true } }, async (request, reply) => {
    const user = request.user!;
    const row = await findUserById(app.db, user.id);
    if (!row) return reply.callNotFound();
    if (row.totpEnabledAt) return reply.redirect(request.twoFactorVerified ? '/admin/account#two-factor' : '/admin/sign-in/two-factor', 303);
    let secret = row.totpSecret ? openTotpSecret(app.vault, row.totpSecret) : null;
    if (!secret) {
      secret = newTotpSecret();
      await updateUser(app.db, user.id, { totpSecret: sealTotpSecret(app.vault, secret) });
    }
    return sendEnrolForm(request, reply, secret);
  });

  async function sendEnrolForm(request: FastifyRequest, reply: FastifyReply, secret: string, error?: 'invalidCode') {
    const user = request.user!;
    const ctx = await app.siteContexts.get(app.config.defaultLocale);
    const { qrDataUrl } = await totpEnrolment(secret, user.email, ctx.name);
    return sendAdminPage(request, reply, {
      title: accountsMessages[user.locale].enrolTitle,
      path: '/admin/account/two-factor',
      status: error ? 400 : 200,
      children: (
        <EnrolForm locale={user.locale} csrfToken={csrfTokenFor(reply)} qrDataUrl={qrDataUrl} secret={secret} required={ROLES_REQUIRING_TWO_FACTOR.includes(user.role)} error={error} />
      ),
    });
  }

  app.post('/admin/account/two-factor', { config: { allowPendingTwoFactor: true } }, async (request, reply) => {
    const user = request.user!;
    const row = await findUserById(app.db, user.id);
    if (!row?.totpSecret || row.totpEnabledAt) return reply.redirect('/admin/account', 303);
    const secret = openTotpSecret(app.vault, row.totpSecret);
    const step = matchTotpStep(secret, readAccountForm(totpCodeShape, request.body).fields.code);
    if (step === null) return sendEnrolForm(request, reply, secret, 'invalidCode');
    const codes = newRecoveryCodes();
    await app.db.transaction().execute(async (tx) => {
      await updateUser(tx, user.id, { totpEnabledAt: new Date().toISOString(), totpLastStep: step });
      await replaceRecoveryCodes(tx, user.id, codes);
      await markSessionVerified(tx, user.sessionId);
      await writeAudit(tx, { actor: userActor(user.id), action: 'two-factor.enable', subjectType: 'user', subjectId: String(user.id) });
    });
    return sendAdminPage(request, reply, {
      title: accountsMessages[user.locale].recoveryTitle,
      path: '/admin/account/two-factor',
      children: <RecoveryCodes locale={user.locale} codes={codes} />,
    });
  });

  app.post('/admin/account/two-factor/disable', async (request, reply) => {
    const user = request.user!;
    if (!can(user, 'twoFactor.disable')) return refuse(app, request, reply, 'twoFactor.disable', user.id);
    const row = await findUserById(app.db, user.id);
    if (!(await verifyPassword(row?.passwordHash, readAccountForm(currentPasswordShape, request.body).fields.current))) {
      return renderAccount(request, reply, { disableErrors: { current: 'wrongPassword' } }, 400);
    }
    await app.db.transaction().execute(async (tx) => {
      await updateUser(tx, user.id, { totpSecret: null, totpEnabledAt: null, totpLastStep: null });
      await replaceRecoveryCodes(tx, user.id, []);
      await writeAudit(tx, { actor: userActor(user.id), action: 'two-factor.disable', subjectType: 'user', subjectId: String(user.id) });
    });
    return reply.redirect('/admin/account', 303);
  });
}
