import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { createStamp, formGuardKey } from '../../src/features/form-guard/form-guard.js';
import type { TestContext } from '../helpers/test-app.js';

/*
 * Incident reports sent as a browser sends them: a multipart body from this site (Origin), with
 * a form stamp old enough to pass the timing check, and files as parts.
 */

export interface UploadFile {
  field?: string;
  name: string;
  type: string;
  bytes: Buffer;
}

/** A multipart/form-data body with these fields and files. */
export function multipartBody(fields: Record<string, string>, files: UploadFile[] = []): { headers: Record<string, string>; payload: Buffer } {
  const boundary = `----dove${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const f of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field ?? 'files'}"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`));
    chunks.push(f.bytes, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, origin: 'http://dove.test' }, payload: Buffer.concat(chunks) };
}

export const reportStamp = (t: TestContext, formId = 'report') => createStamp(formGuardKey(t.config), formId, Date.now() - 10_000);

/** A JPEG photo carrying EXIF with a camera, an author and a GPS position. */
export async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .withExif({
      IFD0: { Make: 'TestCam', Artist: 'Reporter Name' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '11/1 33/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '104/1 55/1 0/1' },
    })
    .jpeg()
    .toBuffer();
}

/** The EXIF GPS pointer tag, in either byte order. */
export const hasGpsBlock = (exif: Buffer | undefined) => Boolean(exif && [Buffer.from([0x88, 0x25]), Buffer.from([0x25, 0x88])].some((tag) => exif.includes(tag)));

let ipCounter = 0;

/** Sends a report through the public form; the receipt and passphrase come from the receipt page. */
export async function sendReport(
  t: TestContext,
  fields: Record<string, string>,
  options: { locale?: string; files?: UploadFile[]; ip?: string } = {},
): Promise<{ status: number; body: string; receipt: string | undefined; passphrase: string | undefined }> {
  ipCounter += 1;
  const body = multipartBody({ form_stamp: reportStamp(t), homepage: '', accuracy: 'unknown', ...fields }, options.files);
  const res = await t.app.inject({
    method: 'POST',
    url: `/${options.locale ?? 'en'}/report`,
    remoteAddress: options.ip ?? `198.51.100.${ipCounter % 250}`,
    headers: body.headers,
    payload: body.payload,
  });
  const codes = [...res.body.matchAll(/<code class="receipt__code" lang="en">([^<]+)<\/code>/g)].map((m) => m[1]);
  return { status: res.statusCode, body: res.body, receipt: codes[0], passphrase: codes[1] };
}

/**
 * A report with every sealed column filled: sent over HTTP with a name, contact, place and a
 * photo, then answered and rejected by a monitor (the reply and the reason are sealed too).
 * `text` starts every value, so tests can look for it.
 */
export async function sendTriagedReport(t: TestContext, monitor: { cookie: string; csrfToken: string }, text: string): Promise<number> {
  const sent = await sendReport(
    t,
    { what: `${text}-what`, detail: `${text}-detail`, date: '2025-01', accuracy: 'month', name: `${text}-name`, contact: `${text}-contact`, mayContact: 'on', contactBy: `${text}-by` },
    { files: [{ name: `${text}.jpg`, type: 'image/jpeg', bytes: await photoWithGps() }] },
  );
  if (sent.status !== 200) throw new Error(`the report was refused (${sent.status})`);
  const id = (await t.db.selectFrom('incidentReports').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
  for (const [step, fields] of [
    ['reply', { text: `${text}-reply` }],
    ['reject', { reason: `${text}-reason` }],
  ] as const) {
    const res = await t.app.inject({
      method: 'POST',
      url: `/admin/reports/${id}/${step}`,
      headers: { cookie: monitor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: monitor.csrfToken, ...fields }).toString(),
    });
    if (res.statusCode !== 303) throw new Error(`${step} failed (${res.statusCode})`);
  }
  return id;
}
