/**
 * The only place raw HTML reaches a page: bodies sanitized by sanitizeRichText on the way
 * into the database.
 */
export function RichText({ html, class: className = 'prose' }: { html: string; class?: string }) {
  return <div class={className} dangerouslySetInnerHTML={{ __html: html }} />;
}
