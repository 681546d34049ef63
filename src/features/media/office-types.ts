import { ODF_TYPES, OOXML_MAIN, type OfficeType } from './office-documents.js';

/**
 * The office formats the library takes (Word, Excel, PowerPoint and their OpenDocument
 * counterparts), each with its MIME type and file extension, as office-documents.ts recognises
 * them. Every other list of these formats (download names, the mirror's content types, the
 * label beside a download, the editor's file dialog) is derived from this one.
 */
export const OFFICE_TYPES: readonly OfficeType[] = [...Object.values(OOXML_MAIN), ...Object.values(ODF_TYPES)];

/** The extensions of the office formats, without the dot: docx, xlsx, pptx, odt, ods, odp. */
export const OFFICE_EXTENSIONS: readonly string[] = OFFICE_TYPES.flatMap((type) => type.extensions);

/** The office format a stored MIME type names, if it is one. */
export function officeTypeOfMime(mime: string): OfficeType | undefined {
  return OFFICE_TYPES.find((type) => type.mime === mime);
}
