import { formatDateTime, formatNumber } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { Pagination, queryString } from '../../web/components/pagination.js';
import type { AuditFilter, AuditRow } from './audit.repository.js';
import { auditMessages } from './audit.messages.js';

/** Pretty JSON of a stored before/after value; rendered as text, so it is escaped. */
function prettyJson(value: string | null): string {
  if (value === null) return '';
  try {
    return JSON.stringify(JSON.parse(value), null, 2);
  } catch {
    return value;
  }
}

export function AuditTable({ locale, timeZone, rows, actorNames }: { locale: Locale; timeZone: string; rows: AuditRow[]; actorNames: Map<string, string> }) {
  const t = auditMessages[locale];
  if (rows.length === 0) return <p>{t.none}</p>;
  return (
    <table class="admin-table audit-table">
      <thead>
        <tr>
          <th scope="col">{t.when}</th>
          <th scope="col">{t.actor}</th>
          <th scope="col">{t.action}</th>
          <th scope="col">{t.subject}</th>
          <th scope="col">{t.before}</th>
          <th scope="col">{t.after}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <td>{formatDateTime(r.at, locale, timeZone)}</td>
            <td>{actorNames.get(r.actor) ?? r.actor}</td>
            <td lang="en">
              <code>{r.action}</code>
            </td>
            <td lang="en">{r.subjectId ? `${r.subjectType} #${r.subjectId}` : r.subjectType}</td>
            <td lang="en">{r.before !== null && <pre class="audit-json">{prettyJson(r.before)}</pre>}</td>
            <td lang="en">{r.after !== null && <pre class="audit-json">{prettyJson(r.after)}</pre>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface AuditPageProps {
  locale: Locale;
  timeZone: string;
  filter: AuditFilter;
  actors: Array<{ value: string; label: string }>;
  types: string[];
  rows: AuditRow[];
  total: number;
  page: number;
  totalPages: number;
  actorNames: Map<string, string>;
}

export function AuditPage(p: AuditPageProps) {
  const t = auditMessages[p.locale];
  const f = p.filter;
  return (
    <>
      <h1>{t.title}</h1>
      <p class="lead">{t.intro}</p>
      <form class="filters" method="get" action="/admin/audit">
        <label for="audit-actor">{t.actor}</label>
        <select id="audit-actor" name="actor">
          <option value="">{t.any}</option>
          {p.actors.map((a) => (
            <option value={a.value} selected={a.value === f.actor}>
              {a.label}
            </option>
          ))}
        </select>
        <label for="audit-type">{t.type}</label>
        <select id="audit-type" name="type">
          <option value="">{t.any}</option>
          {p.types.map((type) => (
            <option value={type} selected={type === f.type}>
              {type}
            </option>
          ))}
        </select>
        <label for="audit-from">{t.from}</label>
        <input id="audit-from" type="date" name="from" value={f.from ?? ''} />
        <label for="audit-to">{t.to}</label>
        <input id="audit-to" type="date" name="to" value={f.to ?? ''} />
        <button type="submit">{t.filter}</button>
      </form>
      <p>{t.total(formatNumber(p.total, p.locale))}</p>
      <AuditTable locale={p.locale} timeZone={p.timeZone} rows={p.rows} actorNames={p.actorNames} />
      <Pagination
        locale={p.locale}
        page={p.page}
        totalPages={p.totalPages}
        hrefFor={(n) => `/admin/audit${queryString({ actor: f.actor, type: f.type, from: f.from, to: f.to, page: n > 1 ? n : undefined })}`}
      />
    </>
  );
}
