import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { z } from 'zod';
import type { LocaleRouteOptions } from '../feature-options.js';
import { Layout } from '../../web/layout.js';
import { localePath } from '../../web/paths.js';
import { formBodyProblem } from '../../web/form-body.js';
import { subscriberLinksOf } from './links.js';
import type { LinkPurpose } from './signed-link.js';
import { readForm } from '../../web/form-schema.js';
import { readGuardedForm } from '../form-guard/guarded-form.js';
import { choicesShape, emptySubscribeForm, formFromBody, subscribeErrors, subscribeShape, type SubscribeErrors, type SubscribeForm } from './subscribe-form.js';
import { subscribersMessages } from './subscribers.messages.js';
import { findSubscriberById } from './subscribers.repository.js';
import { confirmSubscription, requestSubscription, unsubscribe, updatePreferences } from './subscribers.service.js';
import { ConfirmPage, MessagePage, PreferencesPage, SubscribePage, UnsubscribeConfirmPage } from './subscribers.views.js';

/** Public subscriber forms are a handful of short fields; anything larger is refused unread. */
export const PUBLIC_FORM_BODY_LIMIT_BYTES = 16 * 1024;

type TokenQuery = { Querystring: { token?: string } };

/** RFC 8058's one-click unsubscribe body (`List-Unsubscribe=One-Click`); a person's button sends none. */
const oneClickShape = { 'List-Unsubscribe': z.unknown().transform((v) => v === 'One-Click') };

/**
 * Public subscription pages under /<locale>/subscribe: the form (cacheable, no per-visitor
 * token: it is accepted as a same-site POST), and the pages behind the signed links in mail
 * (confirm, preferences, unsubscribe), which act only on a POST authorised by the link.
 */
export async function subscribeRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const t = subscribersMessages[locale];
  const links = subscriberLinksOf(app.db, app.config);
  const mailCtx = { links, publicUrl: app.config.publicUrl };
  const shape = subscribeShape(app.config.locales, locale);
  const choices = choicesShape(app.config.locales, locale);
  // Every route here takes a handful of short fields: a larger body is refused unread.
  app.addHook('onRoute', (route) => {
    route.bodyLimit ??= PUBLIC_FORM_BODY_LIMIT_BYTES;
  });
  // RFC 8058's own example posts the one-click unsubscribe as multipart: read it as text.
  app.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: PUBLIC_FORM_BODY_LIMIT_BYTES }, (_request, body, done) => {
    done(null, /name="List-Unsubscribe"\r?\n\r?\n\s*One-Click/.test(String(body)) ? { 'List-Unsubscribe': 'One-Click' } : {});
  });

  // Pages reached through a signed link keep the token in their own path, so the language
  // switch opens the same page in the other language (they are noindex and no-store).
  const withToken = (path: string, token: string) => `${path}?token=${encodeURIComponent(token)}`;

  const page = async (reply: FastifyReply, title: string, path: string, body: VNode, status = 200, noindex = true) => {
    const ctx = await app.siteContexts.get(locale);
    if (noindex) reply.header('cache-control', 'no-store');
    return reply.sendHtml(
      <Layout ctx={ctx} meta={{ title, path, noindex }}>
        {body}
      </Layout>,
      status,
    );
  };

  const subscribePage = async (reply: FastifyReply, form: SubscribeForm, errors: SubscribeErrors, status = 200) => {
    const ctx = await app.siteContexts.get(locale);
    return page(reply, t.subscribeTitle, '/subscribe', <SubscribePage locale={locale} locales={app.config.locales} org={ctx.shortName} form={form} errors={errors} />, status, status !== 200);
  };

  const refusedLink = (reply: FastifyReply, reason: 'invalid' | 'expired') =>
    page(
      reply,
      t.linkInvalidTitle,
      '/subscribe',
      <MessagePage title={t.linkInvalidTitle} body={reason === 'expired' ? t.linkExpiredBody : t.linkInvalidBody}>
        <p>
          <a class="button" href={localePath(locale, '/subscribe')}>
            {t.subscribeAgain}
          </a>
        </p>
      </MessagePage>,
      400,
    );

  /** The subscriber a link names, or the refusal page already sent. */
  const fromLink = (request: FastifyRequest<TokenQuery>, purposes: LinkPurpose[]) => {
    let reason: 'invalid' | 'expired' = 'invalid';
    for (const purpose of purposes) {
      const verdict = links.verify(request.query.token, purpose);
      if (verdict.ok) return { ok: true as const, id: verdict.subscriberId };
      if (verdict.reason === 'expired') reason = 'expired';
    }
    return { ok: false as const, reason };
  };

  // A body over the limit is refused before it is read: answer with the form and its message.
  app.setErrorHandler(async (error: Error & { statusCode?: number }, request, reply) => {
    if (error.statusCode === 413 && request.method === 'POST') {
      return subscribePage(reply, emptySubscribeForm(locale), { form: 'tooLarge' }, 413);
    }
    throw error;
  });

  app.get('/subscribe', { config: { public: true, pageCache: true } }, async (_request, reply) => subscribePage(reply, emptySubscribeForm(locale), {}));

  // Limit: SUBSCRIBE_REQUESTS_PER_IP_PER_HOUR accepted requests per IP address (form-guard.ts).
  app.post('/subscribe', { config: { public: true, csrf: 'same-origin', formProblemsInForm: true } }, async (request, reply) => {
    const form = formFromBody(request.body, locale);
    if (formBodyProblem(request.body) === 'encoding') {
      const read = readForm(shape, request.body);
      return subscribePage(reply, form, subscribeErrors(read.ok ? {} : read.issues, true), 400);
    }
    const outcome = await readGuardedForm(app, request, { form: 'subscribe', shape, target: 'subscribe', formId: 'subscribe', emailOf: (v) => v.email, textOf: (v) => v.email });
    if (outcome.kind === 'invalid') return subscribePage(reply, form, subscribeErrors(outcome.issues, false), 400);
    if (outcome.kind === 'refused') return subscribePage(reply, form, { form: 'tooMany' }, 429);
    // A bot that filled the hidden field gets the usual answer, and nothing is stored or sent.
    if (outcome.kind === 'accepted') {
      await requestSubscription(app.db, outcome.value, mailCtx);
      await outcome.record();
    }
    // One answer for every address, new or known: the page reveals nothing about the list.
    return page(reply, t.checkInboxTitle, '/subscribe', <MessagePage title={t.checkInboxTitle} body={t.checkInboxBody} />);
  });

  app.get<TokenQuery>('/subscribe/confirm', { config: { public: true } }, async (request, reply) => {
    const link = fromLink(request, ['confirm']);
    if (!link.ok) return refusedLink(reply, link.reason);
    return page(reply, t.confirmTitle, withToken('/subscribe/confirm', request.query.token!), <ConfirmPage locale={locale} token={request.query.token!} />);
  });

  app.post<TokenQuery>('/subscribe/confirm', { config: { public: true, csrf: 'signed-url' } }, async (request, reply) => {
    const link = fromLink(request, ['confirm']);
    if (!link.ok) return refusedLink(reply, link.reason);
    if ((await confirmSubscription(app.db, link.id)) === 'missing') return refusedLink(reply, 'invalid');
    const manage = `${localePath(locale, '/subscribe/preferences')}?token=${links.sign(link.id, 'manage')}`;
    return page(
      reply,
      t.confirmedTitle,
      '/subscribe',
      <MessagePage title={t.confirmedTitle} body={t.confirmedBody}>
        <p>
          <a href={manage}>{t.manageLink}</a>
        </p>
      </MessagePage>,
    );
  });

  const preferences = async (reply: FastifyReply, id: number, token: string, form?: { locale: string; topics: string[] }, errors: SubscribeErrors = {}, notice?: string) => {
    const s = await findSubscriberById(app.db, id);
    if (!s) return refusedLink(reply, 'invalid');
    const status = Object.keys(errors).length ? 400 : 200;
    return page(
      reply,
      t.preferencesTitle,
      withToken('/subscribe/preferences', token),
      <PreferencesPage locale={locale} locales={app.config.locales} token={token} email={s.email} status={s.status} form={form ?? { locale: s.locale, topics: s.topics }} errors={errors} notice={notice} />,
      status,
    );
  };

  app.get<TokenQuery>('/subscribe/preferences', { config: { public: true } }, async (request, reply) => {
    const link = fromLink(request, ['manage']);
    if (!link.ok) return refusedLink(reply, link.reason);
    return preferences(reply, link.id, request.query.token!);
  });

  app.post<TokenQuery>('/subscribe/preferences', { config: { public: true, csrf: 'signed-url', formProblemsInForm: true } }, async (request, reply) => {
    const link = fromLink(request, ['manage']);
    if (!link.ok) return refusedLink(reply, link.reason);
    const read = readForm(choices, request.body);
    const brokenText = formBodyProblem(request.body) === 'encoding';
    if (!read.ok || brokenText) {
      const errors = subscribeErrors(read.ok ? {} : read.issues, brokenText);
      return preferences(reply, link.id, request.query.token!, formFromBody(request.body, locale), errors);
    }
    const outcome = await updatePreferences(app.db, link.id, read.value);
    if (outcome === 'missing') return refusedLink(reply, 'invalid');
    return preferences(reply, link.id, request.query.token!, undefined, {}, t.savedNotice);
  });

  app.get<TokenQuery>('/subscribe/unsubscribe', { config: { public: true } }, async (request, reply) => {
    const link = fromLink(request, ['unsubscribe', 'manage']);
    if (!link.ok) return refusedLink(reply, link.reason);
    return page(reply, t.unsubscribeConfirmTitle, withToken('/subscribe/unsubscribe', request.query.token!), <UnsubscribeConfirmPage locale={locale} token={request.query.token!} />);
  });

  // RFC 8058: mail providers POST `List-Unsubscribe=One-Click` here, without cookies or Origin;
  // the signed token in the URL is the whole authorisation.
  app.post<TokenQuery>('/subscribe/unsubscribe', { config: { public: true, csrf: 'signed-url' } }, async (request, reply) => {
    const link = fromLink(request, ['unsubscribe', 'manage']);
    if (!link.ok) return refusedLink(reply, link.reason);
    const read = readForm(oneClickShape, request.body);
    const oneClick = read.ok && read.value['List-Unsubscribe'];
    const outcome = await unsubscribe(app.db, link.id, oneClick ? 'one-click' : 'page');
    return page(
      reply,
      t.unsubscribedTitle,
      '/subscribe',
      <MessagePage title={t.unsubscribedTitle} body={outcome === 'missing' ? t.notSubscribedBody : t.unsubscribedBody}>
        <p>
          <a href={localePath(locale, '/subscribe')}>{t.subscribeAgain}</a>
        </p>
      </MessagePage>,
    );
  });
}
