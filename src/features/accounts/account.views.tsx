import { formatDateTime, formatNumber } from '../../i18n/format.js';
import { LOCALE_INFO, type Locale } from '../../i18n/locales.js';
import { accountsMessages, type AccountsMessageKey } from './accounts.messages.js';
import { Csrf, Field, Notice, type FormErrors } from './accounts.views.js';
import type { SessionSummary } from './users.repository.js';

export interface AccountView {
  locale: Locale;
  locales: readonly Locale[];
  timeZone: string;
  csrfToken: string;
  currentSessionId: string;
  sessions: SessionSummary[];
  twoFactorEnabled: boolean;
  recoveryCodesLeft: number;
  mayDisableTwoFactor: boolean;
  done?: AccountsMessageKey;
  passwordErrors?: FormErrors;
  disableErrors?: FormErrors;
}

export function AccountPage(v: AccountView) {
  const t = accountsMessages[v.locale];
  const when = (iso: string) => formatDateTime(iso, v.locale, v.timeZone);
  return (
    <>
      <h1>{t.accountTitle}</h1>
      {v.done && <Notice>{t[v.done] as string}</Notice>}
      <section class="admin-form">
        <h2>{t.language}</h2>
        <form method="post" action="/admin/account/language">
          <Csrf token={v.csrfToken} />
          <label for="field-locale">{t.language}</label>
          <select id="field-locale" name="locale">
            {v.locales.map((l) => (
              <option value={l} selected={l === v.locale} lang={l}>
                {LOCALE_INFO[l].nativeName}
              </option>
            ))}
          </select>
          <button type="submit">{t.saveLanguage}</button>
        </form>
      </section>
      <section class="admin-form">
        <h2>{t.changePassword}</h2>
        <form method="post" action="/admin/account/password" novalidate>
          <Csrf token={v.csrfToken} />
          <Field locale={v.locale} name="current" label={t.currentPassword} type="password" autocomplete="current-password" errors={v.passwordErrors} />
          <Field locale={v.locale} name="password" label={t.newPassword} type="password" autocomplete="new-password" hint={t.passwordHint} errors={v.passwordErrors} />
          <Field locale={v.locale} name="password2" label={t.repeatPassword} type="password" autocomplete="new-password" errors={v.passwordErrors} />
          <button type="submit">{t.changePassword}</button>
        </form>
      </section>
      <section class="admin-form" id="two-factor">
        <h2>{t.twoFactorTitle}</h2>
        {v.twoFactorEnabled ? (
          <>
            <p>{t.twoFactorOn}</p>
            <p>{t.recoveryLeft(formatNumber(v.recoveryCodesLeft, v.locale))}</p>
            {v.mayDisableTwoFactor ? (
              <form method="post" action="/admin/account/two-factor/disable" novalidate>
                <Csrf token={v.csrfToken} />
                <Field locale={v.locale} name="current" label={t.currentPassword} type="password" autocomplete="current-password" errors={v.disableErrors} />
                <button type="submit">{t.disableTwoFactor}</button>
              </form>
            ) : (
              <p>{t.requiredForRole}</p>
            )}
          </>
        ) : (
          <>
            <p>{t.twoFactorOff}</p>
            <p>
              <a class="button" href="/admin/account/two-factor">
                {t.setUpTwoFactor}
              </a>
            </p>
          </>
        )}
      </section>
      <section>
        <h2>{t.sessions}</h2>
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">{t.sessionStarted}</th>
              <th scope="col">{t.sessionLastSeen}</th>
              <th scope="col">{t.sessionAddress}</th>
              <th scope="col">{t.sessionBrowser}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {v.sessions.map((s) => (
              <tr>
                <td>{when(s.createdAt)}</td>
                <td>{when(s.lastSeenAt)}</td>
                <td lang="en">{s.ip ?? ''}</td>
                <td lang="en">{s.userAgent ?? ''}</td>
                <td>
                  {s.id === v.currentSessionId ? (
                    <span class="badge">{t.thisSession}</span>
                  ) : (
                    <form method="post" action={`/admin/account/sessions/${s.id}/end`} class="inline-form">
                      <Csrf token={v.csrfToken} />
                      <button type="submit">{t.endSession}</button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
