import type { ComponentChildren } from 'preact';
import type { Locale } from '../../i18n/locales.js';
import { casesMessages, type CasesMessageKey } from './cases.messages.js';

/** What a form shows back: the values as sent and an error key per field. */
export interface FormState {
  values: Record<string, string | string[]>;
  errors: Partial<Record<string, CasesMessageKey>>;
}

export const emptyForm = (values: Record<string, string | string[]> = {}): FormState => ({ values, errors: {} });

export interface Option {
  value: string;
  label: string;
}

interface Common {
  locale: Locale;
  form: FormState;
  name: string;
  label: string;
  /** Forms on one page share field names: the prefix keeps element ids unique. */
  prefix: string;
  hint?: string;
  required?: boolean;
}

function value(form: FormState, name: string): string {
  const v = form.values[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

function Wrap({ locale, form, name, label, prefix, hint, children }: Common & { children: (id: string, describedBy: string | undefined, invalid: boolean) => ComponentChildren }) {
  const id = `${prefix}-${name}`;
  const error = form.errors[name];
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
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
          {casesMessages[locale][error] as string}
        </p>
      )}
      {children(id, describedBy, Boolean(error))}
    </div>
  );
}

export function TextField(props: Common & { maxLength?: number; inputMode?: 'numeric' }) {
  return (
    <Wrap {...props}>
      {(id, describedBy, invalid) => (
        <input
          id={id}
          name={props.name}
          type="text"
          value={value(props.form, props.name)}
          maxLength={props.maxLength}
          inputMode={props.inputMode}
          required={props.required}
          aria-invalid={invalid ? 'true' : undefined}
          aria-describedby={describedBy}
        />
      )}
    </Wrap>
  );
}

export function TextArea(props: Common & { rows?: number }) {
  return (
    <Wrap {...props}>
      {(id, describedBy, invalid) => (
        <textarea id={id} name={props.name} rows={props.rows ?? 3} required={props.required} aria-invalid={invalid ? 'true' : undefined} aria-describedby={describedBy}>
          {value(props.form, props.name)}
        </textarea>
      )}
    </Wrap>
  );
}

export function SelectField(props: Common & { options: Option[]; blank?: string }) {
  const selected = value(props.form, props.name);
  return (
    <Wrap {...props}>
      {(id, describedBy, invalid) => (
        <select id={id} name={props.name} required={props.required} aria-invalid={invalid ? 'true' : undefined} aria-describedby={describedBy}>
          {props.blank !== undefined && <option value="">{props.blank}</option>}
          {props.options.map((o) => (
            <option value={o.value} selected={o.value === selected}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Wrap>
  );
}

export function CheckboxGroup({ locale, form, name, label, options }: { locale: Locale; form: FormState; name: string; label: string; options: Option[] }) {
  const chosen = new Set([form.values[name] ?? []].flat());
  const error = form.errors[name];
  return (
    <fieldset class={error ? 'field--error' : undefined}>
      <legend>{label}</legend>
      {error && <p class="field__error">{casesMessages[locale][error] as string}</p>}
      <div class="field--choices">
        {options.map((o) => (
          <label>
            <input type="checkbox" name={name} value={o.value} checked={chosen.has(o.value)} /> {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

export function FormProblems({ locale, form }: { locale: Locale; form?: FormState }) {
  if (!form || Object.keys(form.errors).length === 0) return null;
  return (
    <p class="notice notice--error" role="alert">
      {casesMessages[locale].fixErrors}
    </p>
  );
}
