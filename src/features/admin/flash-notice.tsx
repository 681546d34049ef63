/**
 * The confirmation shown after a save redirects back to the page (POST, then 303, then GET):
 * the page names what happened in a `role="status"` region, so a screen reader announces it
 * without moving the focus. Nothing when the address carries no outcome.
 */
export function FlashNotice({ text }: { text: string | undefined }) {
  return text ? (
    <p class="notice notice--success flash-notice" role="status">
      {text}
    </p>
  ) : null;
}
