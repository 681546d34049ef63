import type { JSX } from 'preact';
import type { Locale } from '../../i18n/locales.js';
import { formatNumber } from '../../i18n/format.js';
import { HONEYPOT_FIELD, STAMP_FIELD, type GuardRefusal } from './form-guard.js';
import { formGuardMessages } from './form-guard.messages.js';

/** The hidden parts of a guarded form: the signed timestamp and the honeypot. */
export function GuardFields({ stamp, locale }: { stamp: string; locale: Locale }) {
  const t = formGuardMessages[locale];
  return (
    <>
      <input type="hidden" name={STAMP_FIELD} value={stamp} />
      {/* Off-screen rather than display:none, which some bots look for; out of the tab order and the accessibility tree. */}
      <div class="form-guard-hp" aria-hidden="true">
        <label for={`hp-${HONEYPOT_FIELD}`}>{t.honeypotLabel}</label>
        <input type="text" id={`hp-${HONEYPOT_FIELD}`} name={HONEYPOT_FIELD} value="" tabIndex={-1} autoComplete="off" />
      </div>
    </>
  );
}

/** A refusal of the spam defence, as the person reads it (a honeypot is never explained). */
export function refusalText(reason: Exclude<GuardRefusal, 'honeypot'>, locale: Locale, maxLinks: number): string {
  const t = formGuardMessages[locale];
  return reason === 'tooManyLinks' ? t.tooManyLinks(formatNumber(maxLinks, locale)) : t[reason];
}

/** What a guarded public form is rendered from: where it posts, its stamp, and what was typed and found wrong. */
export interface GuardedFormState<Field extends string> {
  /** Locale-prefixed path the form posts to. */
  action: string;
  stamp: string;
  values?: Partial<Record<Field, string>>;
  errors?: Partial<Record<Field, string>>;
  problems?: FormProblem[];
}

export interface FormProblem {
  /** The field's id in the page, to link to it; absent for a problem with the whole form. */
  fieldId?: string;
  text: string;
}

/** The list of what to fix, at the top of the form, focusable by its link targets. */
export function ErrorSummary({ problems, locale }: { problems: FormProblem[]; locale: Locale }) {
  if (problems.length === 0) return null;
  return (
    <div class="notice notice--error form-errors" role="alert">
      <p>{formGuardMessages[locale].errorSummary}</p>
      <ul>
        {problems.map((p) => (
          <li>{p.fieldId ? <a href={`#${p.fieldId}`}>{p.text}</a> : p.text}</li>
        ))}
      </ul>
    </div>
  );
}

/** HTTP status for a refused submission: 429 for too many, 400 otherwise. */
export function refusalStatus(reason: GuardRefusal): number {
  return reason === 'rateLimited' ? 429 : 400;
}

/** The attributes every control of a public form shares. */
export interface ControlAttrs {
  id: string;
  name: string;
  required: boolean;
  'aria-invalid'?: 'true';
  'aria-describedby'?: string;
}

/** A labelled, required control with its error; `render` draws the input or textarea. */
export function FormField({ id, name, label, error, render }: { id: string; name: string; label: string; error?: string | undefined; render: (attrs: ControlAttrs) => JSX.Element }) {
  const attrs: ControlAttrs = { id, name, required: true, ...(error ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${id}-error` } : {}) };
  return (
    <div class={`form-field${error ? ' form-field--invalid' : ''}`}>
      <label for={id}>
        {label} <span aria-hidden="true">*</span>
      </label>
      {error && (
        <p class="form-field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {render(attrs)}
    </div>
  );
}

/** The page a guarded form answers with once the message is stored: what happens next, and the way back. */
export function FormSentPage({ className, title, body, back }: { className: string; title: string; body: string; back: { href: string; label: string } }) {
  return (
    <article class={className}>
      <header class="page-header">
        <h1>{title}</h1>
      </header>
      <p class="notice notice--success" role="status">
        {body}
      </p>
      <p>
        <a href={back.href}>{back.label}</a>
      </p>
    </article>
  );
}
