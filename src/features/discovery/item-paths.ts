/** Where an HRD alert lives below the locale prefix (alerts are published from a case, not edited as content). */
export const hrdAlertPath = (slug: string) => `/hrd-alerts/${slug}`;

const FILE_EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.presentation': 'odp',
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
