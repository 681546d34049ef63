import { formatDateTime } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { NOTIFY_FIELD, NOTIFY_TOPICS, type NotifyFieldState } from './notify-on-publish.js';
import { subscribersAdminMessages } from '../subscribers/subscribers-admin.messages.js';
import { subscribersMessages, topicLabel } from '../subscribers/subscribers.messages.js';

/** The editor's opt-in "Email subscribers" checkbox, or what was done already. */
export function NotifySubscribersField({ locale, timeZone, typeKey, state }: { locale: Locale; timeZone: string; typeKey: string; state: NotifyFieldState }) {
  const t = subscribersAdminMessages[locale];
  const topic = NOTIFY_TOPICS[typeKey];
  if (!topic) return null;
  if (state.sentAt) return <p class="field-help notify-subscribers">{t.notifySent(formatDateTime(state.sentAt, locale, timeZone))}</p>;
  if (state.waiting) return <p class="field-help notify-subscribers">{t.notifyWaiting}</p>;
  return (
    <div class="field field--checkbox notify-subscribers">
      <input type="checkbox" id="f-notify-subscribers" name={NOTIFY_FIELD} value="1" aria-describedby="f-notify-subscribers-help" />
      <label for="f-notify-subscribers">{t.notifyLabel(topicLabel(subscribersMessages[locale], topic))}</label>
      <p class="field-help" id="f-notify-subscribers-help">
        {t.notifyHelp}
      </p>
    </div>
  );
}
