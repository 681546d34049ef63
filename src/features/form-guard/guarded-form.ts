import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { DbOrTx } from '../../db/database.js';
import type { Locale } from '../../i18n/locales.js';
import { checkSubmission, formGuardKey, policyOf, recordSubmission, type GuardedForm, type GuardRefusal } from './form-guard.js';
import { readForm, type FieldIssue } from '../../web/form-schema.js';
import { fieldIssueText } from './form-schema.js';
import { refusalStatus, refusalText, type FormProblem } from './form-guard.views.js';

/**
 * A public form's post, start to end: read against its schema, then every defence of its
 * policy (honeypot, signed timestamp, link limit, rate limits, duplicates), then stored with its
 * record in one transaction. Each public form (comments, contact, subscribe, and later ones) says
 * only what is particular to it.
 */

type FormShape = Record<string, z.ZodType>;
export type FormValue<Shape extends FormShape> = { [K in keyof Shape]: z.output<Shape[K]> };
type Shown = string | string[];

export interface GuardedFormSpec<Shape extends FormShape> {
  form: GuardedForm;
  shape: Shape;
  /** What the submission is about (`news:12`, `contact`): duplicates are looked for per target. */
  target: string;
  /** The id the form's stamp was made for. */
  formId: string;
  /** The address rate limits and duplicates count by (may be empty). */
  emailOf: (value: FormValue<Shape>) => string;
  /** Everything the person wrote, for the link limit and the duplicate check. */
  textOf: (value: FormValue<Shape>) => string;
}

export type GuardedOutcome<Shape extends FormShape, Code extends string = string> =
  | { kind: 'invalid'; values: Record<keyof Shape, Shown>; issues: Partial<Record<keyof Shape, FieldIssue<Code>>> }
  /** The honeypot was filled: answer as to a person, store nothing. */
  | { kind: 'bot' }
  | { kind: 'refused'; reason: Exclude<GuardRefusal, 'honeypot'>; values: FormValue<Shape> }
  | {
      kind: 'accepted';
      value: FormValue<Shape>;
      /** Writes the submission and its record in one transaction. */
      store: <T>(write: (tx: DbOrTx) => Promise<T>) => Promise<T>;
      /** Records it alone, after a service that opens its own transaction has stored it. */
      record: () => Promise<void>;
    };

const fieldOf = (body: unknown, name: string, maxLength: number) => {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value.slice(0, maxLength) : '';
};
/** Longer than any stamp or honeypot value a browser sends; the checks refuse the rest. */
const GUARD_FIELD_MAX_LENGTH = 2000;

/** Reads and checks a guarded form's post; an accepted one is stored through `store`. */
export async function readGuardedForm<Shape extends FormShape, Code extends string = string>(
  app: FastifyInstance,
  request: FastifyRequest,
  spec: GuardedFormSpec<Shape>,
): Promise<GuardedOutcome<Shape, Code>> {
  const read = readForm<Shape, Code>(spec.shape, request.body);
  if (!read.ok) return { kind: 'invalid', values: read.values, issues: read.issues };
  const policy = policyOf(spec.form);
  const verdict = await checkSubmission(app.db, app.rateLimits, formGuardKey(app.config), {
    form: spec.form,
    target: spec.target,
    formId: spec.formId,
    stamp: fieldOf(request.body, policy.stampField ?? '', GUARD_FIELD_MAX_LENGTH),
    honeypot: fieldOf(request.body, policy.honeypotField, GUARD_FIELD_MAX_LENGTH),
    ip: request.ip,
    email: spec.emailOf(read.value),
    text: spec.textOf(read.value),
  });
  if (!verdict.ok) return verdict.reason === 'honeypot' ? { kind: 'bot' } : { kind: 'refused', reason: verdict.reason, values: read.value };
  const store = async <T>(write: (tx: DbOrTx) => Promise<T>) => {
    try {
      return await app.db.transaction().execute(async (tx) => {
        const result = await write(tx);
        await recordSubmission(tx, verdict.fingerprint);
        return result;
      });
    } catch (error) {
      // Nothing was stored: the attempt does not count against the person's allowance.
      await verdict.giveBack().catch(() => {});
      throw error;
    }
  };
  return { kind: 'accepted', value: read.value, store, record: () => recordSubmission(app.db, verdict.fingerprint) };
}

/** What a guarded form's page is drawn from when it is shown again. */
export interface RefusedFormState<Field extends string> {
  values: Partial<Record<Field, string>>;
  errors?: Partial<Record<Field, string>>;
  problems: FormProblem[];
}

export interface AnsweredFormSpec<Shape extends FormShape> extends GuardedFormSpec<Shape> {
  locale: Locale;
  /** Prefix of the fields' ids in the page, for the error summary's links (`contact` → `contact-name`). */
  fieldIdPrefix: string;
  /** The page with the form again, with the values and what to fix; never cached. */
  render: (state: RefusedFormState<keyof Shape & string>, status: number) => Promise<FastifyReply>;
  /** Where the person is sent once the form is accepted, and a bot is sent at once. */
  sentPath: string;
  save: (tx: DbOrTx, value: FormValue<Shape>) => Promise<void>;
}

type FieldTexts<Shape extends FormShape> = Partial<Record<keyof Shape & string, string>>;

const asShown = <Shape extends FormShape>(values: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(values).map(([name, v]) => [name, typeof v === 'string' ? v : ''])) as FieldTexts<Shape>;

/** A guarded form that answers on its page: the form again with what to fix, or on to `sentPath`. */
export async function answerGuardedForm<Shape extends FormShape>(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  spec: AnsweredFormSpec<Shape>,
): Promise<FastifyReply> {
  const outcome = await readGuardedForm(app, request, spec);
  if (outcome.kind === 'invalid') {
    const texts = Object.entries(outcome.issues).map(([name, issue]) => [name, fieldIssueText(issue as FieldIssue, spec.locale)] as const);
    const problems = texts.map(([name, text]) => ({ fieldId: `${spec.fieldIdPrefix}-${name}`, text }));
    return spec.render({ values: asShown<Shape>(outcome.values), errors: Object.fromEntries(texts) as FieldTexts<Shape>, problems }, 400);
  }
  if (outcome.kind === 'bot') return reply.redirect(spec.sentPath, 303);
  if (outcome.kind === 'refused') {
    const problems = [{ text: refusalText(outcome.reason, spec.locale, policyOf(spec.form).maxLinks ?? 0) }];
    return spec.render({ values: asShown<Shape>(outcome.values), problems }, refusalStatus(outcome.reason));
  }
  await outcome.store((tx) => spec.save(tx, outcome.value));
  return reply.redirect(spec.sentPath, 303);
}
