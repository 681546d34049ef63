import { OFFICE_TYPES } from '../media/office-types.js';

/** Where an HRD alert lives below the locale prefix (alerts are published from a case, not edited as content). */
export const hrdAlertPath = (slug: string) => `/hrd-alerts/${slug}`;

const FILE_EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/msword': 'doc',
  // Word, Excel, PowerPoint and OpenDocument, from the one list of office formats.
  ...Object.fromEntries(OFFICE_TYPES.map((type) => [type.mime, type.extensions[0]!])),
};

/** The download name's extension: from the stored type, else the uploaded name, else PDF. */
export function fileExtension(mime: string, originalName: string): string {
  return FILE_EXTENSIONS[mime] ?? /\.([a-z0-9]{1,5})$/i.exec(originalName)?.[1]?.toLowerCase() ?? 'pdf';
}

/** A publication's document, offered for download as `<slug>-<locale>.<extension>`. */
export function publicationFileUrl(
  file: { sha256: string; mime: string; originalName: string },
  slug: string,
  locale: string,
): string {
  return `/files/${file.sha256}/${slug}-${locale}.${fileExtension(file.mime, file.originalName)}`;
}
