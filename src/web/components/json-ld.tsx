/** Structured data for search engines; `<` is escaped so no value can close the script element. */
export function JsonLd({ data }: { data: object }) {
  const json = JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028|\u2029/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: json }} />;
}
