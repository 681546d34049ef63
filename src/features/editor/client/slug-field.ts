import { slugFromTitle } from '../../../i18n/slug.js';

/**
 * Fills the address from the title as it is typed, with the server's own function, so what the
 * editor sees is what a save would make. Only while the address is the one made here: once
 * someone types their own, or for an item that already has one, it is left alone (links to it
 * must keep working). Without this script the server makes the address from the title.
 */
export function enhanceSlugField(slug: HTMLInputElement): void {
  const form = slug.form;
  if (!form) return;
  // An address typed before this script ran (a slow connection) is the editor's own.
  if (slug.value !== '') delete slug.dataset.slugAuto;
  const titles = (slug.dataset.slugFrom ?? '')
    .split(' ')
    .map((name) => form.elements.namedItem(name))
    .filter((input): input is HTMLInputElement => input instanceof HTMLInputElement);
  const fill = () => {
    if (!('slugAuto' in slug.dataset)) return;
    const title = titles.map((input) => input.value.trim()).find(Boolean) ?? '';
    slug.value = slugFromTitle(title, '');
  };
  for (const input of titles) input.addEventListener('input', fill);
  slug.addEventListener('input', () => {
    // An address typed by hand is kept; emptied, it follows the title again.
    if (slug.value === '') slug.dataset.slugAuto = '';
    else delete slug.dataset.slugAuto;
  });
}
