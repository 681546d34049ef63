import type { FastifyRequest } from 'fastify';
import { cleanFileName } from '../form-guard/form-fields.js';
import { MAX_REPORT_FILE_BYTES, MAX_REPORT_FILES } from './report-files.js';

/*
 * The report forms post multipart bodies (they carry files). The whole body is read before
 * the handler, in preValidation: its fields become `request.body`, so the form layer reads them
 * as it reads any form, and the files wait here. Files beyond the limits are not read at all.
 */

export const REPORT_MULTIPART_LIMITS = {
  fileSize: MAX_REPORT_FILE_BYTES,
  files: MAX_REPORT_FILES,
  fields: 30,
  // 20,000 Khmer characters take up to 60 KB in UTF-8.
  fieldSize: 100_000,
  parts: 40,
};

export interface ReceivedFile {
  name: string;
  bytes: Buffer;
}

export interface ReceivedUpload {
  files: ReceivedFile[];
  /** A file over the size limit, or more files than allowed, stopped the reading. */
  overLimit: 'tooLarge' | 'tooMany' | null;
}

const uploads = new WeakMap<FastifyRequest, ReceivedUpload>();

/** The preValidation hook of a report route. */
export async function readReportMultipart(request: FastifyRequest): Promise<void> {
  if (!request.isMultipart()) return;
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  const upload: ReceivedUpload = { files: [], overLimit: null };
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        // A repeated name keeps its first value; the form layer refuses what it does not expect.
        if (!(part.fieldname in fields)) fields[part.fieldname] = String(part.value);
      } else if (part.fieldname === 'files' && part.filename) {
        upload.files.push({ name: cleanFileName(part.filename), bytes: await part.toBuffer() });
      } else {
        part.file.resume();
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') upload.overLimit = 'tooLarge';
    else if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') upload.overLimit = 'tooMany';
    else throw error;
  }
  request.body = fields;
  uploads.set(request, upload);
}

export function receivedUpload(request: FastifyRequest): ReceivedUpload {
  return uploads.get(request) ?? { files: [], overLimit: null };
}
