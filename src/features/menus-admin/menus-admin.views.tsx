import { formatNumber } from '../../i18n/format.js';
import { LOCALE_INFO, type Locale } from '../../i18n/locales.js';
import { adminMessages } from '../admin/admin.messages.js';
import type { MenuItemErrorKey, MenuItemForm } from './menu-item-form.js';
import { menuOrderMessages } from './menu-order.messages.js';
import { menusAdminMessages } from './menus-admin.messages.js';
import type { AdminMenuItem, AdminMenuNode, MenuKey } from './menus-admin.repository.js';

type Messages = (typeof menusAdminMessages)[Locale];

export function menuTitle(t: Messages, key: MenuKey): string {
  return key === 'main' ? t.menuMain : t.menuFooter;
}

/** The label to show staff: theirs, else the first one there is, marked with its language. */
function shownLabel(item: AdminMenuItem, locale: Locale, locales: readonly Locale[]): { text: string; lang: Locale | undefined } {
  if (item.labels[locale]) return { text: item.labels[locale]!, lang: undefined };
  const other = locales.find((l) => item.labels[l]);
  return other ? { text: item.labels[other]!, lang: other } : { text: item.href, lang: undefined };
}

interface MenusPageProps {
  locale: Locale;
  locales: readonly Locale[];
  csrfToken: string;
  menus: Array<{ key: MenuKey; tree: AdminMenuNode[] }>;
  notice?: string;
}

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/**
 * The menus, each level an ordered list. Every item has Move up / Move down forms, shown where
 * the move is possible; the menu-order script adds drag and drop and a keyboard handle on top,
 * reading its texts from `data-texts` and announcing moves in the live region.
 */
export function MenusPage(p: MenusPageProps) {
  const t = menusAdminMessages[p.locale];
  const o = menuOrderMessages[p.locale];
  return (
    <div class="menus-admin" data-menu-order="" data-csrf={p.csrfToken} data-texts={JSON.stringify(o)} data-digits={DIGITS.map((d) => formatNumber(d, p.locale)).join('')}>
      <header class="page-header">
        <h1>{t.title}</h1>
        <p class="lead">{t.intro}</p>
      </header>
      {p.notice && <p class="notice" role="status">{p.notice}</p>}
      <p class="field-help" id="menu-order-help" hidden>{o.help}</p>
      <p class="visually-hidden" id="menu-order-live" aria-live="assertive" />
      {p.menus.map((m) => (
        <section class="admin-menu" aria-labelledby={`menu-${m.key}`}>
          <h2 id={`menu-${m.key}`}>{menuTitle(t, m.key)}</h2>
          {m.tree.length ? <MenuTree nodes={m.tree} {...p} /> : <p>{t.empty}</p>}
          <p>
            <a class="button" href={`/admin/menus/${m.key}/new`}>
              {t.addItemTo(menuTitle(t, m.key))}
            </a>
          </p>
        </section>
      ))}
    </div>
  );
}

function MenuTree({ nodes, locale, locales, csrfToken }: { nodes: AdminMenuNode[] } & MenusPageProps) {
  const t = menusAdminMessages[locale];
  const a = adminMessages[locale];
  return (
    <ol class="menu-tree">
      {nodes.map((node, index) => {
        const label = shownLabel(node, locale, locales);
        const missing = locales.filter((l) => !node.labels[l]);
        return (
          <li class="menu-tree__item" data-id={String(node.id)}>
            <div class="menu-tree__row">
              <span class="menu-tree__label" lang={label.lang}>
                {label.text}
              </span>{' '}
              <code class="menu-tree__href">{node.href}</code>
              {missing.map((l) => (
                <span class="badge"> {t.hiddenIn(LOCALE_INFO[l].nativeName)}</span>
              ))}
              <span class="menu-tree__actions">
                <MoveButton id={node.id} direction="up" csrfToken={csrfToken} text={t.moveUp} title={t.moveUpLabel(label.text)} hidden={index === 0} />
                <MoveButton id={node.id} direction="down" csrfToken={csrfToken} text={t.moveDown} title={t.moveDownLabel(label.text)} hidden={index === nodes.length - 1} />
                <a href={`/admin/menus/items/${node.id}/edit`} aria-label={t.editLabel(label.text)}>
                  {t.edit}
                </a>{' '}
                <a href={`/admin/menus/items/${node.id}/delete`} aria-label={t.deleteLabel(label.text)}>
                  {a.delete}
                </a>
              </span>
            </div>
            {node.children.length > 0 && <MenuTree nodes={node.children} locale={locale} locales={locales} csrfToken={csrfToken} menus={[]} />}
          </li>
        );
      })}
    </ol>
  );
}

/** A move that is not possible (the first item up, the last down) is there but hidden, for the script to show after a reorder. */
function MoveButton(p: { id: number; direction: 'up' | 'down'; csrfToken: string; text: string; title: string; hidden: boolean }) {
  return (
    <form method="post" action={`/admin/menus/items/${p.id}/move`} class="inline-form" data-move={p.direction} hidden={p.hidden}>
      <input type="hidden" name="_csrf" value={p.csrfToken} />
      <input type="hidden" name="direction" value={p.direction} />
      <button type="submit" aria-label={p.title}>
        {p.text}
      </button>
    </form>
  );
}

interface ItemFormPageProps {
  locale: Locale;
  locales: readonly Locale[];
  csrfToken: string;
  menu: MenuKey;
  /** The item edited; absent when adding one. */
  itemId?: number;
  form: MenuItemForm;
  errors: Record<string, MenuItemErrorKey>;
  /** The items the edited one may be placed under (never itself or its descendants). */
  parents: AdminMenuItem[];
}

export function ItemFormPage(p: ItemFormPageProps) {
  const t = menusAdminMessages[p.locale];
  const a = adminMessages[p.locale];
  const err = (name: string) => (p.errors[name] ? <p class="field-error" id={`${name}-error`}>{t[p.errors[name]!]}</p> : null);
  const invalid = (name: string) => (p.errors[name] ? 'true' : undefined);
  const describedBy = (name: string, help?: string) => [help, p.errors[name] ? `${name}-error` : undefined].filter(Boolean).join(' ') || undefined;
  const action = p.itemId === undefined ? `/admin/menus/${p.menu}/new` : `/admin/menus/items/${p.itemId}/edit`;
  return (
    <>
      <header class="page-header">
        <h1>{p.itemId === undefined ? t.addItemTo(menuTitle(t, p.menu)) : t.editItem}</h1>
      </header>
      {Object.keys(p.errors).length > 0 && <p class="notice notice--error" role="alert">{a.errorSummary}</p>}
      <form method="post" action={action} class="admin-form">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <div class="field">
          <label for="href">{t.href}</label>
          <input id="href" name="href" type="text" value={p.form.href} aria-invalid={invalid('href')} aria-describedby={describedBy('href', 'href-help')} />
          <p class="field-help" id="href-help">{t.hrefHelp}</p>
          {err('href')}
        </div>
        <fieldset>
          <legend>{t.labels}</legend>
          <p class="field-help">{t.labelHelp}</p>
          {p.locales.map((l) => {
            const name = `label_${l}`;
            return (
              <div class="field" lang={l}>
                <label for={name}>{t.labelIn(LOCALE_INFO[l].nativeName)}</label>
                <input id={name} name={name} type="text" value={p.form.labels[l] ?? ''} aria-invalid={invalid(name)} aria-describedby={describedBy(name)} />
                {err(name)}
              </div>
            );
          })}
        </fieldset>
        <div class="field">
          <label for="parent">{t.parent}</label>
          <select id="parent" name="parent" aria-invalid={invalid('parent')} aria-describedby={describedBy('parent')}>
            <option value="">{t.topLevel}</option>
            {p.parents.map((item) => {
              const label = shownLabel(item, p.locale, p.locales);
              return (
                <option value={String(item.id)} selected={p.form.parent === String(item.id)} lang={label.lang}>
                  {label.text}
                </option>
              );
            })}
          </select>
          {err('parent')}
        </div>
        <button type="submit">{a.save}</button> <a href="/admin/menus">{a.cancel}</a>
      </form>
    </>
  );
}

export function DeleteConfirmPage(p: { locale: Locale; locales: readonly Locale[]; csrfToken: string; subtree: AdminMenuItem[] }) {
  const t = menusAdminMessages[p.locale];
  const a = adminMessages[p.locale];
  const item = p.subtree[0]!;
  return (
    <>
      <header class="page-header">
        <h1>{t.confirmDeleteTitle}</h1>
      </header>
      <p>{t.confirmDelete(p.subtree.length)}</p>
      <ul>
        {p.subtree.map((i) => {
          const label = shownLabel(i, p.locale, p.locales);
          return (
            <li>
              <span lang={label.lang}>{label.text}</span> <code>{i.href}</code>
            </li>
          );
        })}
      </ul>
      <form method="post" action={`/admin/menus/items/${item.id}/delete`} class="admin-form">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <button type="submit" class="button--danger">{t.confirmDeleteButton}</button> <a href="/admin/menus">{a.cancel}</a>
      </form>
    </>
  );
}
