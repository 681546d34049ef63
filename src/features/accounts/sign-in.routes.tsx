import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { writeAudit } from '../audit/audit.repository.js';
import { csrfTokenFor, sendAdminPage } from '../admin/admin-page.js';
import { accountsMessages } from './accounts.messages.js';
import { SESSION_COOKIE, sessionCookieOptions } from './accounts.plugin.js';
import { SetupForm, SignInForm, TwoFactorForm } from './accounts.views.js';
import { readAccountForm, readNewAccount, safeNext, signInShape, twoFactorShape } from './form-input.js';
import { hashPassword } from './passwords.js';
import { ROLES_REQUIRING_TWO_FACTOR, type Role } from './roles.js';
import { createSession, deleteSession, hashToken } from './sessions.repository.js';
import { attemptSignIn, recordAccountFailure, recordCompletedSignIn, recordFailedSignIn, signInLimits } from './sign-in.service.js';
import { userActor } from '../audit/actors.js';
import { openTotpSecret } from './totp-secret.js';
import { looksLikeRecoveryCode, matchTotpStep } from './two-factor.js';
import { claimTotpStep, countUsers, findUserById, insertUser, useRecoveryCode } from './users.repository.js';

const nextQuery = z.object({ next: z.string().max(500).optional() });

/**
 * Starts a fresh session for the user and ends the one the browser presented, if any: a token
 * planted in the browser before sign-in must never become a signed-in session.
 */
export async function startSession(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, userId: number, twoFactorVerified: boolean) {
  const presented = request.cookies[SESSION_COOKIE];
  if (presented) await deleteSession(app.db, hashToken(presented));
  const times = { idleMinutes: app.config.sessionIdleMinutes, maxHours: app.config.sessionMaxHours };
  const userAgent = request.headers['user-agent'] ?? null;
  const { token } = await createSession(app.db, userId, { ip: request.ip, userAgent, twoFactorVerified }, times);
  reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(app.config.publicUrl, times.maxHours * 3600));
}

function clearSessionCookie(publicUrl: string, reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(publicUrl));
}

/** Signing in and out, the second-factor step, and the one-time setup of the first admin. */
export async function signInRoutes(app: FastifyInstance): Promise<void> {
  const anonymousLocale = app.config.defaultLocale;
  const t = accountsMessages[anonymousLocale];
  // Limits: MAX_FAILURES_PER_ACCOUNT per account and MAX_FAILURES_PER_ADDRESS per network address (sign-in.service.ts).
  const limits = signInLimits(app.rateLimits);

  app.get('/admin/sign-in', { config: { public: true }, schema: { querystring: nextQuery } }, async (request, reply) => {
    const next = safeNext((request.query as z.infer<typeof nextQuery>).next);
    return sendAdminPage(request, reply, {
      title: t.signInTitle,
      path: '/admin/sign-in',
      children: <SignInForm locale={anonymousLocale} csrfToken={csrfTokenFor(reply)} next={next} />,
    });
  });

  app.post('/admin/sign-in', { config: { public: true } }, async (request, reply) => {
    const { fields, errors } = readAccountForm(signInShape, request.body);
    const { email, password, next } = fields;
    const result = Object.keys(errors).length ? undefined : await attemptSignIn(app.db, limits, { email, password, ip: request.ip });
    if (!result || !result.ok) {
      const error = result && !result.ok ? (result.reason === 'invalid' ? 'invalidCredentials' : result.reason) : undefined;
      const status = result?.ok === false && result.reason === 'tooManyFromAddress' ? 429 : result ? 401 : 400;
      return sendAdminPage(request, reply, {
        title: t.signInTitle,
        path: '/admin/sign-in',
        status,
        children: <SignInForm locale={anonymousLocale} csrfToken={csrfTokenFor(reply)} next={next} values={{ email }} errors={errors} error={error} />,
      });
    }
    const needsSecondStep = result.user.totpEnabled || ROLES_REQUIRING_TWO_FACTOR.includes(result.user.role as Role);
    await startSession(app, request, reply, result.user.id, !needsSecondStep);
    if (!needsSecondStep) return reply.redirect(next, 303);
    return reply.redirect(`/admin/sign-in/two-factor?next=${encodeURIComponent(next)}`, 303);
  });

  app.post('/admin/sign-out', { config: { allowPendingTwoFactor: true } }, async (request, reply) => {
    const user = request.user!;
    await app.db.transaction().execute(async (tx) => {
      await deleteSession(tx, user.sessionId);
      await writeAudit(tx, { actor: userActor(user.id), action: 'sign-out', subjectType: 'user', subjectId: String(user.id) });
    });
    clearSessionCookie(app.config.publicUrl, reply);
    return reply.redirect('/admin/sign-in', 303);
  });

  app.get('/admin/sign-in/two-factor', { config: { allowPendingTwoFactor: true }, schema: { querystring: nextQuery } }, async (request, reply) => {
    const next = safeNext((request.query as z.infer<typeof nextQuery>).next);
    if (request.twoFactorVerified) return reply.redirect(next, 303);
    const row = await findUserById(app.db, request.user!.id);
    if (!row?.totpEnabledAt || !row.totpSecret) return reply.redirect('/admin/account/two-factor', 303);
    const locale = request.user!.locale;
    return sendAdminPage(request, reply, {
      title: accountsMessages[locale].twoFactorTitle,
      path: '/admin/sign-in/two-factor',
      children: <TwoFactorForm locale={locale} csrfToken={csrfTokenFor(reply)} next={next} />,
    });
  });

  app.post('/admin/sign-in/two-factor', { config: { allowPendingTwoFactor: true } }, async (request, reply) => {
    const user = request.user!;
    const { code, next } = readAccountForm(twoFactorShape, request.body).fields;
    if (request.twoFactorVerified) return reply.redirect(next, 303);
    const row = await findUserById(app.db, user.id);
    if (!row?.totpEnabledAt || !row.totpSecret) return reply.redirect('/admin/account/two-factor', 303);
    const now = new Date();
    // The code's point is taken before it is checked, as the password's was (sign-in.service.ts).
    const lockedByTime = Boolean(row.lockedUntil && row.lockedUntil > now.toISOString());
    const take = lockedByTime ? { ok: false, remaining: 0 } : await limits.account.take(row.email);
    let ok = false;
    if (take.ok && looksLikeRecoveryCode(code)) ok = await useRecoveryCode(app.db, user.id, code, now);
    else if (take.ok) {
      const step = matchTotpStep(openTotpSecret(app.vault, row.totpSecret), code, now.getTime());
      ok = step !== null && (await claimTotpStep(app.db, user.id, step));
    }
    if (ok) {
      await app.db.transaction().execute(async (tx) => {
        await recordCompletedSignIn(tx, row, request.ip, now);
        await writeAudit(tx, { actor: userActor(user.id), action: 'two-factor.verified', subjectType: 'user', subjectId: String(user.id), after: { method: looksLikeRecoveryCode(code) ? 'recovery-code' : 'totp' } });
      });
      await limits.account.reset(row.email);
      // A new token once the second factor passed, as after the password.
      await startSession(app, request, reply, user.id, true);
      return reply.redirect(next, 303);
    }
    if (take.ok) await limits.address.take(request.ip);
    const lockedNow = await app.db.transaction().execute(async (tx) => {
      await recordFailedSignIn(tx, row.email, request.ip, now);
      await writeAudit(tx, { actor: userActor(user.id), action: 'two-factor.failed', subjectType: 'user', subjectId: String(user.id), after: { ip: request.ip } });
      return !take.ok || (await recordAccountFailure(tx, user.id, take.remaining, now));
    });
    if (lockedNow) {
      await deleteSession(app.db, user.sessionId);
      clearSessionCookie(app.config.publicUrl, reply);
      return reply.redirect('/admin/sign-in', 303);
    }
    return sendAdminPage(request, reply, {
      title: accountsMessages[user.locale].twoFactorTitle,
      path: '/admin/sign-in/two-factor',
      status: 401,
      children: <TwoFactorForm locale={user.locale} csrfToken={csrfTokenFor(reply)} next={next} error="invalidCode" />,
    });
  });

  app.get('/admin/setup', { config: { public: true } }, async (request, reply) => {
    if ((await countUsers(app.db)) > 0) return reply.callNotFound();
    return sendAdminPage(request, reply, {
      title: t.setupTitle,
      path: '/admin/setup',
      children: <SetupForm locale={anonymousLocale} csrfToken={csrfTokenFor(reply)} />,
    });
  });

  app.post('/admin/setup', { config: { public: true } }, async (request, reply) => {
    if ((await countUsers(app.db)) > 0) return reply.callNotFound();
    const { values, password, errors } = readNewAccount(request.body, { repeatPassword: true, lowerCaseEmail: false });
    if (Object.keys(errors).length) {
      return sendAdminPage(request, reply, {
        title: t.setupTitle,
        path: '/admin/setup',
        status: 400,
        children: <SetupForm locale={anonymousLocale} csrfToken={csrfTokenFor(reply)} values={values} errors={errors} />,
      });
    }
    const passwordHash = await hashPassword(password);
    const userId = await app.db.transaction().execute(async (tx) => {
      // Checked again inside the transaction: two browsers may submit the form at once.
      if ((await countUsers(tx)) > 0) return undefined;
      const id = await insertUser(tx, { ...values, role: 'admin', locale: anonymousLocale, passwordHash });
      await writeAudit(tx, { actor: 'setup', action: 'user.create', subjectType: 'user', subjectId: String(id), after: { ...values, role: 'admin' } });
      return id;
    });
    if (userId === undefined) return reply.callNotFound();
    await startSession(app, request, reply, userId, false);
    return reply.redirect('/admin/account/two-factor', 303);
  });
}
