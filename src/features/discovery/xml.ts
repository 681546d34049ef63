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

/** An XML element: attributes left undefined and children left undefined are not written. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string | number | undefined>;
  children: XmlElement[];
  text: string | undefined;
}

type Child = XmlElement | undefined | false;

/** An element holding other elements. */
export function element(name: string, attributes: XmlElement['attributes'] = {}, ...children: Child[]): XmlElement {
  return { name, attributes, children: children.filter((c): c is XmlElement => Boolean(c)), text: undefined };
}

/** An element holding text, escaped when written. */
export function textElement(name: string, text: string, attributes: XmlElement['attributes'] = {}): XmlElement {
  return { name, attributes, children: [], text };
}

function writeElement(node: XmlElement, indent: string, out: string[]): void {
  const attributes = Object.entries(node.attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join('');
  const open = `${indent}<${node.name}${attributes}`;
  if (node.text !== undefined) out.push(`${open}>${escapeXml(node.text)}</${node.name}>`);
  else if (!node.children.length) out.push(`${open}/>`);
  else {
    out.push(`${open}>`);
    for (const child of node.children) writeElement(child, `${indent}    `, out);
    out.push(`${indent}</${node.name}>`);
  }
}

/** A whole XML document, one element a line, every text and attribute escaped. */
export function xmlDocument(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>'];
  writeElement(root, '', out);
  return out.join('\n');
}
