import type { Locale } from '../../i18n/locales.js';
import { accountsMessages, type AccountsMessageKey } from './accounts.messages.js';
import { Csrf, Field, Notice, type FormErrors, type FormValues } from './accounts.views.js';
import { ROLES, type Role } from './roles.js';
import type { UserSummary } from './users.repository.js';

const ROLE_LABEL: Record<Role, AccountsMessageKey> = { admin: 'roleAdmin', editor: 'roleEditor', author: 'roleAuthor', monitor: 'roleMonitor', fund_manager: 'roleFundManager' };

function RoleSelect({ locale, id, selected }: { locale: Locale; id: string; selected?: string }) {
  const t = accountsMessages[locale];
  return (
    <select id={id} name="role">
      {ROLES.map((r) => (
        <option value={r} selected={r === selected}>
          {t[ROLE_LABEL[r]] as string}
        </option>
      ))}
    </select>
  );
}

interface UsersListProps {
  locale: Locale;
  csrfToken: string;
  users: UserSummary[];
  selfId: number;
  now: string;
  done?: AccountsMessageKey;
}

export function UsersList({ locale, csrfToken, users, selfId, now, done }: UsersListProps) {
  const t = accountsMessages[locale];
  return (
    <>
      <h1>{t.usersTitle}</h1>
      {done && <Notice>{t[done] as string}</Notice>}
      <p>
        <a class="button" href="/admin/users/new">
          {t.newUser}
        </a>
      </p>
      <table class="admin-table">
        <thead>
          <tr>
            <th scope="col">{t.name}</th>
            <th scope="col">{t.email}</th>
            <th scope="col">{t.role}</th>
            <th scope="col">{t.twoFactorTitle}</th>
            <th scope="col">{t.status}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr>
              <td>{u.name}</td>
              <td lang="en">{u.email}</td>
              <td>
                {u.id === selfId ? (
                  (t[ROLE_LABEL[u.role]] as string)
                ) : (
                  <form method="post" action={`/admin/users/${u.id}/role`} class="inline-form">
                    <Csrf token={csrfToken} />
                    <label class="visually-hidden" for={`role-${u.id}`}>
                      {t.role}
                    </label>
                    <RoleSelect locale={locale} id={`role-${u.id}`} selected={u.role} />
                    <button type="submit">{t.changeRole}</button>
                  </form>
                )}
              </td>
              <td>{u.totpEnabledAt ? t.yes : t.no}</td>
              <td>
                {u.disabledAt ? t.disabled : u.lockedUntil && u.lockedUntil > now ? t.lockedStatus : t.active}
                {u.id !== selfId && (
                  <form method="post" action={`/admin/users/${u.id}/${u.disabledAt ? 'enable' : 'disable'}`} class="inline-form">
                    <Csrf token={csrfToken} />
                    <button type="submit">{u.disabledAt ? t.enable : t.disable}</button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function NewUserForm({ locale, csrfToken, values, errors }: { locale: Locale; csrfToken: string; values?: FormValues; errors?: FormErrors }) {
  const t = accountsMessages[locale];
  return (
    <section class="admin-form">
      <h1>{t.newUser}</h1>
      <form method="post" action="/admin/users/new" novalidate>
        <Csrf token={csrfToken} />
        <Field locale={locale} name="name" label={t.name} values={values} errors={errors} />
        <Field locale={locale} name="email" label={t.email} type="email" values={values} errors={errors} />
        <div class="field">
          <label for="field-role">{t.role}</label>
          <RoleSelect locale={locale} id="field-role" selected={values?.role} />
        </div>
        <Field locale={locale} name="password" label={t.temporaryPassword} type="password" autocomplete="new-password" hint={t.passwordHint} errors={errors} />
        <button type="submit">{t.create}</button>
      </form>
    </section>
  );
}
