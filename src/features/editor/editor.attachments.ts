import type { DbOrTx } from '../../db/database.js';
import { findImagesMissingAltText } from '../media-library/media-library.repository.js';
import { findDocumentFileIds, findFileIdsOfType, type Attachments, type DocumentLink } from './editor.attachments.repository.js';
import type { FieldErrors, FormValues } from './editor.form-data.js';
import type { ContentTypeDescriptor } from './editor.types.js';

const MAX_LABEL_LENGTH = 300;
const text = (v: FormValues[string]) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
const list = (v: FormValues[string]) => (Array.isArray(v) ? v : v ? [v] : []);
const isId = (n: number) => Number.isSafeInteger(n) && n > 0;

/** The form field names, shared by the form, the parser and the browser tests. */
export const documentField = (locale: string) => `document_${locale}`;
export const documentLabelField = (locale: string) => `document_${locale}_label`;
export const PHOTOS_FIELD = 'photos';
export const PHOTO_ORDER_FIELD = 'photo_order';

/** Reads the attachment fields of a form; what cannot be a file id is an error beside its field. */
export function parseAttachments(type: ContentTypeDescriptor, form: FormValues, locales: readonly string[]): { attachments: Attachments; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (type.attachment === 'documents') {
    const documents: DocumentLink[] = [];
    for (const locale of locales) {
      const raw = text(form[documentField(locale)]);
      const label = text(form[documentLabelField(locale)]);
      if (label.length > MAX_LABEL_LENGTH) errors[documentLabelField(locale)] = 'tooLong';
      if (!raw) continue;
      const fileId = Number(raw);
      if (!isId(fileId)) errors[documentField(locale)] = 'invalidChoice';
      else documents.push({ locale, fileId, label: label || null });
    }
    return { attachments: { documents }, errors };
  }
  if (type.attachment === 'photos') {
    const chosen = list(form[PHOTOS_FIELD]).map(Number);
    const order = text(form[PHOTO_ORDER_FIELD]).split(/[\s,]+/).filter(Boolean).map(Number);
    if (!chosen.every(isId)) errors[PHOTOS_FIELD] = 'invalidChoice';
    if (!order.every(isId)) errors[PHOTO_ORDER_FIELD] = 'invalidChoice';
    // The chosen photos, in the typed order; those the order leaves out follow as ticked.
    const rank = (id: number) => {
      const i = order.indexOf(id);
      return i === -1 ? order.length : i;
    };
    const photoIds = [...new Set(chosen.filter(isId))].map((id, i) => ({ id, i })).sort((a, b) => rank(a.id) - rank(b.id) || a.i - b.i).map((p) => p.id);
    return { attachments: { photoIds }, errors };
  }
  return { attachments: {}, errors };
}

/** The attachments as form values, for the edit form. */
export function attachmentFormValues(type: ContentTypeDescriptor, a: Attachments): FormValues {
  const values: FormValues = {};
  for (const d of a.documents ?? []) {
    values[documentField(d.locale)] = String(d.fileId);
    values[documentLabelField(d.locale)] = d.label ?? '';
  }
  if (type.attachment === 'photos') {
    values[PHOTOS_FIELD] = (a.photoIds ?? []).map(String);
    values[PHOTO_ORDER_FIELD] = (a.photoIds ?? []).join(', ');
  }
  return values;
}

/**
 * Documents must be PDFs or office documents (Word, Excel, PowerPoint, OpenDocument) of the library and photos images of it; an album going public needs
 * every photo's alt text in each language it is written in.
 */
export async function checkAttachments(tx: DbOrTx, a: Attachments, locales: readonly string[], goesPublic: boolean): Promise<FieldErrors | undefined> {
  const errors: FieldErrors = {};
  const docIds = [...new Set((a.documents ?? []).map((d) => d.fileId))];
  if (docIds.length) {
    const documents = new Set(await findDocumentFileIds(tx, docIds));
    for (const d of a.documents ?? []) if (!documents.has(d.fileId)) errors[documentField(d.locale)] = 'invalidChoice';
  }
  const photoIds = a.photoIds ?? [];
  if (photoIds.length) {
    const images = await findFileIdsOfType(tx, photoIds, 'image/%');
    if (images.length !== new Set(photoIds).size) errors[PHOTOS_FIELD] = 'invalidChoice';
    else if (goesPublic && (await findImagesMissingAltText(tx, photoIds, locales)).length) errors[PHOTOS_FIELD] = 'photosAltMissing';
  }
  return Object.keys(errors).length ? errors : undefined;
}
