import type { ComponentChildren } from 'preact';
import type { Locale } from '../../i18n/locales.js';
import { accountsMessages, type AccountsMessageKey } from './accounts.messages.js';

export type FormValues = Record<string, string>;
export type FormErrors = Partial<Record<string, AccountsMessageKey>>;

interface FieldProps {
  locale: Locale;
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password';
  values?: FormValues;
  errors?: FormErrors;
  autocomplete?: string;
  hint?: string;
  inputMode?: 'numeric' | 'text';
}

/** A labelled input with its message beside it; password fields never echo what was typed. */
export function Field({ locale, name, label, type = 'text', values, errors, autocomplete, hint, inputMode }: FieldProps) {
  const error = errors?.[name];
  const id = `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name,
    autocomplete,
    required: true,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': describedBy,
  };
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field__error" id={`${id}-error`}>
          {accountsMessages[locale][error]}
        </p>
      )}
      {type === 'password' && <input type="password" {...common} />}
      {type === 'email' && <input type="email" value={values?.[name] ?? ''} {...common} />}
      {type === 'text' && <input type="text" value={values?.[name] ?? ''} inputMode={inputMode} {...common} />}
    </div>
  );
}

export function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

export function Notice({ children }: { children: ComponentChildren }) {
  return (
    <p class="notice" role="status">
      {children}
    </p>
  );
}

export function FormError({ locale, error }: { locale: Locale; error?: AccountsMessageKey }) {
  if (!error) return null;
  return (
    <p class="notice notice--error" role="alert">
      {accountsMessages[locale][error]}
    </p>
  );
}

interface SignInProps {
  locale: Locale;
  csrfToken: string;
  next: string;
  values?: FormValues;
  errors?: FormErrors;
  error?: AccountsMessageKey;
}

export function SignInForm({ locale, csrfToken, next, values, errors, error }: SignInProps) {
  const t = accountsMessages[locale];
  return (
    <section class="admin-form">
      <h1>{t.signInTitle}</h1>
      <FormError locale={locale} error={error} />
      <form method="post" action="/admin/sign-in" novalidate>
        <Csrf token={csrfToken} />
        <input type="hidden" name="next" value={next} />
        <Field locale={locale} name="email" label={t.email} type="email" autocomplete="username" values={values} errors={errors} />
        <Field locale={locale} name="password" label={t.password} type="password" autocomplete="current-password" errors={errors} />
        <button type="submit">{t.signIn}</button>
      </form>
    </section>
  );
}

export function TwoFactorForm({ locale, csrfToken, next, error }: { locale: Locale; csrfToken: string; next: string; error?: AccountsMessageKey }) {
  const t = accountsMessages[locale];
  return (
    <section class="admin-form">
      <h1>{t.twoFactorTitle}</h1>
      <p>{t.twoFactorIntro}</p>
      <form method="post" action="/admin/sign-in/two-factor" novalidate>
        <Csrf token={csrfToken} />
        <input type="hidden" name="next" value={next} />
        <Field locale={locale} name="code" label={t.code} autocomplete="one-time-code" errors={error ? { code: error } : undefined} />
        <button type="submit">{t.verify}</button>
      </form>
    </section>
  );
}

interface EnrolProps {
  locale: Locale;
  csrfToken: string;
  qrDataUrl: string;
  secret: string;
  required: boolean;
  error?: AccountsMessageKey;
}

export function EnrolForm({ locale, csrfToken, qrDataUrl, secret, required, error }: EnrolProps) {
  const t = accountsMessages[locale];
  return (
    <section class="admin-form">
      <h1>{t.enrolTitle}</h1>
      {required && <Notice>{t.enrolRequired}</Notice>}
      <p>{t.enrolIntro}</p>
      <img class="qr-code" src={qrDataUrl} alt={t.qrAlt} width={200} height={200} />
      <p>
        {t.secretKey}: <code class="totp-secret">{secret.match(/.{1,4}/g)!.join(' ')}</code>
      </p>
      <form method="post" action="/admin/account/two-factor" novalidate>
        <Csrf token={csrfToken} />
        <Field locale={locale} name="code" label={t.code} autocomplete="one-time-code" inputMode="numeric" errors={error ? { code: error } : undefined} />
        <button type="submit">{t.confirm}</button>
      </form>
    </section>
  );
}

export function RecoveryCodes({ locale, codes }: { locale: Locale; codes: string[] }) {
  const t = accountsMessages[locale];
  return (
    <section class="admin-form">
      <h1>{t.recoveryTitle}</h1>
      <p>{t.recoveryIntro}</p>
      <ul class="recovery-codes" lang="en">
        {codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>
        <a class="button" href="/admin">
          {t.continue}
        </a>
      </p>
    </section>
  );
}

export function SetupForm({ locale, csrfToken, values, errors }: { locale: Locale; csrfToken: string; values?: FormValues; errors?: FormErrors }) {
  const t = accountsMessages[locale];
  return (
    <section class="admin-form">
      <h1>{t.setupTitle}</h1>
      <p>{t.setupIntro}</p>
      <form method="post" action="/admin/setup" novalidate>
        <Csrf token={csrfToken} />
        <Field locale={locale} name="name" label={t.name} autocomplete="name" values={values} errors={errors} />
        <Field locale={locale} name="email" label={t.email} type="email" autocomplete="username" values={values} errors={errors} />
        <Field locale={locale} name="password" label={t.newPassword} type="password" autocomplete="new-password" hint={t.passwordHint} errors={errors} />
        <Field locale={locale} name="password2" label={t.repeatPassword} type="password" autocomplete="new-password" errors={errors} />
        <button type="submit">{t.create}</button>
      </form>
    </section>
  );
}
