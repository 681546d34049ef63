/**
 * XML 1.0 forbids most C0 control characters even when escaped; a stray one pasted into
 * a title would make a whole feed or sitemap unreadable, so they are dropped.
 */
// eslint-disable-next-line no-control-regex
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function stripInvalidXmlChars(text: string): string {
  return text.replace(INVALID_XML_CHARS, '');
}

/**
 * Text safe inside an XML element or a quoted attribute; the same output is valid HTML
 * text, which is what Atom and RSS carry in their `type="html"` fields.
 */
export function escapeXml(text: string): string {
  return stripInvalidXmlChars(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
