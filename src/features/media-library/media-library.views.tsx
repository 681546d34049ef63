import { formatDateTime, formatNumber } from '../../i18n/format.js';
import { LOCALE_INFO, type Locale } from '../../i18n/locales.js';
import { Pagination, queryString } from '../../web/components/pagination.js';
import { LICENCE_IDS, licenceInfo } from '../../web/components/licence.js';
import { adminMessages } from '../admin/admin.messages.js';
import { variantUrl } from '../media/media.repository.js';
import type { FileTextRow } from '../search/file-texts.repository.js';
import { FileTextNote } from '../search/file-texts.views.js';
import { mediaLibraryMessages } from './media-library.messages.js';
import type { AltTextRow, FileCredit, FileUsage, LibraryFileRow } from './media-library.repository.js';

type T = (typeof mediaLibraryMessages)['en'];

export function formatBytes(size: number, locale: Locale): string {
  const mb = size / (1024 * 1024);
  return mb >= 1 ? `${formatNumber(Number(mb.toFixed(1)), locale)} MB` : `${formatNumber(Math.ceil(size / 1024), locale)} KB`;
}

interface LibraryPageProps {
  locale: Locale;
  csrfToken: string;
  canUpload: boolean;
  rows: LibraryFileRow[];
  thumbnails: Map<number, string>;
  filter: { q?: string; type?: string; page: number };
  totalPages: number;
  notices: string[];
  errors: string[];
}

export function LibraryPage(p: LibraryPageProps) {
  const t = mediaLibraryMessages[p.locale];
  return (
    <>
      <header class="page-header">
        <h1>{t.title}</h1>
      </header>
      {p.notices.length > 0 && (
        <div class="notice" role="status">
          {p.notices.map((n) => (
            <p>{n}</p>
          ))}
        </div>
      )}
      {p.errors.length > 0 && (
        <div class="notice notice--error" role="alert">
          <ul>
            {p.errors.map((e) => (
              <li>{e}</li>
            ))}
          </ul>
        </div>
      )}
      {p.canUpload && <UploadForm t={t} csrfToken={p.csrfToken} />}
      <form class="filters" method="get" action="/admin/media">
        <label>
          {t.searchLabel} <input type="search" name="q" value={p.filter.q ?? ''} maxLength={100} />
        </label>
        <label>
          {t.typeLabel}{' '}
          <select name="type">
            <option value="">{t.typeAll}</option>
            <option value="image" selected={p.filter.type === 'image'}>
              {t.typeImage}
            </option>
            <option value="pdf" selected={p.filter.type === 'pdf'}>
              {t.typePdf}
            </option>
            <option value="office" selected={p.filter.type === 'office'}>
              {t.typeOffice}
            </option>
          </select>
        </label>
        <button type="submit">{t.filter}</button>
      </form>
      {p.rows.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <ul class="media-grid">
          {p.rows.map((row) => {
            const thumb = p.thumbnails.get(row.id);
            return (
              <li class="media-grid__item">
                <a href={`/admin/media/${row.id}`}>
                  {thumb ? (
                    <img src={variantUrl(thumb, 'jpeg')} alt="" width={160} loading="lazy" class="media-grid__thumb" />
                  ) : (
                    <span class="media-grid__doc">PDF</span>
                  )}
                  <span class="media-grid__name">{row.originalName}</span>
                </a>
                <span class="media-grid__meta">{formatBytes(row.size, p.locale)}</span>
              </li>
            );
          })}
        </ul>
      )}
      <Pagination
        locale={p.locale}
        page={p.filter.page}
        totalPages={p.totalPages}
        hrefFor={(page) => `/admin/media${queryString({ q: p.filter.q, type: p.filter.type, page: page > 1 ? page : undefined })}`}
      />
    </>
  );
}

/** A plain multipart form; the drop-zone script only adds dragging onto it. The token comes first. */
function UploadForm({ t, csrfToken }: { t: T; csrfToken: string }) {
  return (
    <form class="upload-form" method="post" action="/admin/media" enctype="multipart/form-data" data-drop-zone>
      <input type="hidden" name="_csrf" value={csrfToken} />
      <h2>{t.upload}</h2>
      <p class="upload-form__help">{t.uploadHelp}</p>
      <label>
        {t.chooseFiles} <input type="file" name="files" multiple accept=".jpg,.jpeg,.png,.webp,.gif,.avif,.pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp" required />
      </label>
      <p class="upload-form__drop" hidden>
        {t.dropHere}
      </p>
      <button type="submit">{t.uploadButton}</button>
    </form>
  );
}

interface FilePageProps {
  locale: Locale;
  locales: readonly Locale[];
  timeZone: string;
  csrfToken: string;
  file: LibraryFileRow;
  previewSha256: string | undefined;
  /** For a PDF: where the reading of its text for search stands. */
  fileText?: Pick<FileTextRow, 'state' | 'reason'>;
  altTexts: AltTextRow[];
  altErrors: Record<string, string>;
  credit: FileCredit;
  creditErrors: Partial<Record<keyof FileCredit, string>>;
  usages: FileUsage[];
  canEditAlt: boolean;
  canDelete: boolean;
  notice?: string;
  error?: string;
}

const USAGE_LABEL: Record<FileUsage['kind'], keyof T> = {
  publicationCover: 'usagePublicationCover',
  publicationFile: 'usagePublicationFile',
  newsCover: 'usageNewsCover',
  projectCover: 'usageProjectCover',
  eventCover: 'usageEventCover',
  albumCover: 'usageAlbumCover',
  albumPhoto: 'usageAlbumPhoto',
  organisationLogo: 'usageOrganisationLogo',
  personPhoto: 'usagePersonPhoto',
  siteLogo: 'usageSiteLogo',
};

export function FilePage(p: FilePageProps) {
  const t = mediaLibraryMessages[p.locale];
  const isImage = p.file.mime.startsWith('image/');
  return (
    <>
      <header class="page-header">
        <h1>{t.fileTitle(p.file.originalName)}</h1>
      </header>
      {p.notice && (
        <p class="notice" role="status">
          {p.notice}
        </p>
      )}
      {p.error && (
        <p class="notice notice--error" role="alert">
          {p.error}
        </p>
      )}
      <div class="split">
        <div>
          {p.previewSha256 && <img src={variantUrl(p.previewSha256, 'jpeg')} alt="" class="media-file__preview" />}
          <dl class="item-meta">
            <dt>{t.kind}</dt>
            <dd>{p.file.mime}</dd>
            <dt>{t.size}</dt>
            <dd>{formatBytes(p.file.size, p.locale)}</dd>
            {p.file.width && p.file.height && (
              <>
                <dt>{t.dimensions}</dt>
                <dd>{`${formatNumber(p.file.width, p.locale, { useGrouping: false })} × ${formatNumber(p.file.height, p.locale, { useGrouping: false })}`}</dd>
              </>
            )}
            <dt>{t.uploadedAt}</dt>
            <dd>{formatDateTime(p.file.createdAt, p.locale, p.timeZone)}</dd>
          </dl>
          <FileTextNote state={p.fileText} locale={p.locale} />
        </div>
        {isImage && (
          <form method="post" action={`/admin/media/${p.file.id}/alt`} class="admin-form">
            <input type="hidden" name="_csrf" value={p.csrfToken} />
            <h2>{t.altTexts}</h2>
            <p>{t.altHelp}</p>
            {p.locales.map((locale) => {
              const row = p.altTexts.find((a) => a.locale === locale);
              const language = LOCALE_INFO[locale].nativeName;
              const error = p.altErrors[`alt_${locale}`];
              return (
                <fieldset lang={locale}>
                  <label>
                    {t.altIn(language)}
                    <textarea name={`alt_${locale}`} rows={2} maxLength={500} disabled={!p.canEditAlt} aria-invalid={error ? 'true' : undefined}>
                      {row?.alt ?? ''}
                    </textarea>
                  </label>
                  {error && <p class="field-error">{error}</p>}
                  <label>
                    {t.captionIn(language)}
                    <input type="text" name={`caption_${locale}`} value={row?.caption ?? ''} maxLength={500} disabled={!p.canEditAlt} />
                  </label>
                </fieldset>
              );
            })}
            <CreditFields {...p} />
            {p.canEditAlt && <button type="submit">{adminMessages[p.locale].save}</button>}
          </form>
        )}
      </div>
      <section>
        <h2>{t.usages}</h2>
        {p.usages.length === 0 ? (
          <p>{t.notUsed}</p>
        ) : (
          <ul class="file-list">
            {p.usages.map((u) => (
              <li>
                {t[USAGE_LABEL[u.kind]] as string}
                {u.slug && <code>{` ${u.slug}`}</code>}
              </li>
            ))}
          </ul>
        )}
        {p.canDelete &&
          (p.usages.length > 0 ? <p class="notice">{t.usedCannotDelete}</p> : <a href={`/admin/media/${p.file.id}/delete`}>{t.deleteFile}</a>)}
      </section>
    </>
  );
}

/** A photograph's credit line and licence, shown with it on the public site. */
function CreditFields(p: FilePageProps) {
  const t = mediaLibraryMessages[p.locale];
  const { credit: creditError, licence: licenceError } = p.creditErrors;
  return (
    <fieldset>
      <legend>{t.creditAndLicence}</legend>
      <p>{t.creditHelp}</p>
      <label>
        {t.credit}
        <input type="text" name="credit" value={p.credit.credit ?? ''} maxLength={200} disabled={!p.canEditAlt} aria-invalid={creditError ? 'true' : undefined} />
      </label>
      {creditError && <p class="field-error">{creditError}</p>}
      <label>
        {t.licence}
        <select name="licence" disabled={!p.canEditAlt} aria-invalid={licenceError ? 'true' : undefined}>
          <option value="">{t.noLicence}</option>
          {LICENCE_IDS.map((id) => (
            <option value={id} selected={p.credit.licence === id} lang="en">
              {licenceInfo(id).name}
            </option>
          ))}
        </select>
      </label>
      {licenceError && <p class="field-error">{licenceError}</p>}
    </fieldset>
  );
}

export function ConfirmDeletePage({ locale, csrfToken, file }: { locale: Locale; csrfToken: string; file: LibraryFileRow }) {
  const t = mediaLibraryMessages[locale];
  return (
    <>
      <header class="page-header">
        <h1>{t.deleteFile}</h1>
      </header>
      <form method="post" action={`/admin/media/${file.id}/delete`}>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <p>{t.confirmDelete(file.originalName)}</p>
        <button type="submit">{t.confirmDeleteButton}</button> <a href={`/admin/media/${file.id}`}>{adminMessages[locale].cancel}</a>
      </form>
    </>
  );
}
