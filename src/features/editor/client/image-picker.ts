/**
 * The editor's image dialog: library images (from /admin/media/picker.json) as buttons, or an
 * outside https address. Either way nothing is inserted without an alt text in the language of
 * the column being written. Built from DOM nodes and classes only: the admin's CSP forbids
 * inline scripts and styles.
 */
type Lang = 'en' | 'km';

export interface PickedImage {
  src: string;
  alt: string;
}

interface LibraryImage {
  id: number;
  name: string;
  src: string;
  width: number;
  height: number;
  alt: Record<Lang, string>;
}

const TEXT = {
  en: {
    title: 'Insert an image',
    library: 'Media library',
    search: 'Search images',
    searchButton: 'Search',
    loading: 'Loading…',
    none: 'No images found.',
    failed: 'The library could not be loaded.',
    altLabel: (lang: Lang) => `Alt text (${lang === 'km' ? 'Khmer' : 'English'})`,
    altRequired: 'Describe the image: an alt text is required.',
    insert: 'Insert',
    back: 'Back to the images',
    close: 'Close',
  },
  km: {
    title: 'បញ្ចូលរូបភាព',
    library: 'បណ្ណាល័យមេឌៀ',
    search: 'ស្វែងរករូបភាព',
    searchButton: 'ស្វែងរក',
    loading: 'កំពុងផ្ទុក…',
    none: 'រកមិនឃើញរូបភាពទេ។',
    failed: 'មិនអាចផ្ទុកបណ្ណាល័យបានទេ។',
    altLabel: (lang: Lang) => `អត្ថបទជំនួស (${lang === 'km' ? 'ភាសាខ្មែរ' : 'ភាសាអង់គ្លេស'})`,
    altRequired: 'សូមពិពណ៌នារូបភាព៖ ត្រូវការអត្ថបទជំនួស។',
    insert: 'បញ្ចូល',
    back: 'ត្រឡប់ទៅរូបភាពវិញ',
    close: 'បិទ',
  },
};

let dialogCount = 0;

function asLang(value: string | null | undefined): Lang {
  return value?.toLowerCase().startsWith('km') ? 'km' : 'en';
}

/** The language of the form column around `field` (its nearest `lang`), English when none says. */
export function contentLanguageOf(field: Element): Lang {
  return asLang(field.closest('[lang]')?.getAttribute('lang'));
}

/** An element with DOM properties set (never `style` or `on…` attributes: the CSP forbids inline ones). */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, string | number | boolean> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    // ARIA roles as attributes: the `role` property is not reflected in every supported browser.
    if (key === 'role') node.setAttribute(key, String(value));
    else Object.assign(node, { [key]: value });
  }
  node.append(...children);
  return node;
}

/** A labelled text field with its error line; the field is named by the label, the error described by it. */
function labelledField(id: string, label: string, lang: Lang | undefined, type = 'text') {
  const input = el('input', { id, type, required: true });
  if (lang) input.lang = lang;
  const error = el('p', { id: `${id}-error`, className: 'image-picker__error', hidden: true });
  error.setAttribute('role', 'alert');
  input.setAttribute('aria-describedby', error.id);
  const wrapper = el('div', { className: 'image-picker__field' }, el('label', { htmlFor: id }, label), input, error);
  const showError = (message: string) => {
    error.textContent = message;
    error.hidden = message === '';
    input.setAttribute('aria-invalid', message ? 'true' : 'false');
    if (message) input.focus();
  };
  return { wrapper, input, showError };
}

/**
 * Opens the dialog and resolves with the chosen image, or null when it is closed (Escape, the
 * close button) without one. The interface speaks the admin's language; alt texts are in `contentLang`.
 */
export function pickImage(contentLang: Lang): Promise<PickedImage | null> {
  const t = TEXT[asLang(document.documentElement.lang)];
  const n = ++dialogCount;
  const id = (part: string) => `image-picker-${n}-${part}`;
  return new Promise((resolve) => {
    let result: PickedImage | null = null;
    const dialog = el('dialog', { className: 'image-picker' });
    const title = el('h2', { id: id('title'), className: 'image-picker__title' }, t.title);
    dialog.setAttribute('aria-labelledby', title.id);
    const close = el('button', { type: 'button', className: 'image-picker__close' }, t.close);
    close.addEventListener('click', () => dialog.close());

    // Library panel: search, a grid of image buttons, then the alt-text step for the chosen one.
    const search = el('input', { id: id('search'), type: 'search', name: 'q' });
    const searchForm = el(
      'form',
      { className: 'image-picker__search', role: 'search' },
      el('label', { htmlFor: search.id }, t.search),
      search,
      el('button', { type: 'submit' }, t.searchButton),
    );
    const status = el('p', { className: 'image-picker__status' });
    status.setAttribute('role', 'status');
    const grid = el('ul', { className: 'image-picker__grid' });
    const chosenPreview = el('img', { className: 'image-picker__preview', alt: '' });
    const libraryAlt = labelledField(id('library-alt'), t.altLabel(contentLang), contentLang);
    const back = el('button', { type: 'button', className: 'image-picker__back' }, t.back);
    const altForm = el('form', { className: 'image-picker__alt', hidden: true }, chosenPreview, libraryAlt.wrapper, el('div', { className: 'image-picker__actions' }, el('button', { type: 'submit' }, t.insert), back));
    const libraryPanel = el('div', { id: id('library'), className: 'image-picker__panel', role: 'tabpanel' }, searchForm, status, grid, altForm);

    // Two tabs; arrow keys move between them as the tab pattern expects.
    const tabs = [
      { tab: el('button', { type: 'button', id: id('tab-library'), className: 'image-picker__tab' }, t.library), panel: libraryPanel, focus: () => search.focus() },
    ];
    const select = (index: number, moveFocus: boolean) => {
      tabs.forEach((entry, i) => {
        const on = i === index;
        entry.tab.setAttribute('aria-selected', String(on));
        entry.tab.tabIndex = on ? 0 : -1;
        entry.panel.hidden = !on;
      });
      if (moveFocus) tabs[index]!.tab.focus();
    };
    const tabList = el('div', { className: 'image-picker__tabs' });
    tabList.setAttribute('role', 'tablist');
    tabs.forEach((entry, i) => {
      entry.tab.setAttribute('role', 'tab');
      entry.tab.setAttribute('aria-controls', entry.panel.id);
      entry.panel.setAttribute('aria-labelledby', entry.tab.id);
      entry.tab.addEventListener('click', () => {
        select(i, false);
        entry.focus();
      });
      entry.tab.addEventListener('keydown', (event) => {
        if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
        event.preventDefault();
        select((i + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length, true);
      });
      tabList.append(entry.tab);
    });
    select(0, false);

    let chosen: LibraryImage | undefined;
    const showGrid = () => {
      altForm.hidden = true;
      searchForm.hidden = false;
      grid.hidden = false;
      chosen = undefined;
    };
    const choose = (image: LibraryImage) => {
      chosen = image;
      searchForm.hidden = true;
      grid.hidden = true;
      status.textContent = '';
      chosenPreview.src = image.src;
      libraryAlt.input.value = image.alt[contentLang];
      libraryAlt.showError('');
      altForm.hidden = false;
      libraryAlt.input.focus();
    };
    back.addEventListener('click', () => {
      showGrid();
      search.focus();
    });

    let request = 0;
    const load = async () => {
      const mine = ++request;
      status.textContent = t.loading;
      const query = new URLSearchParams({ q: search.value.trim(), locale: contentLang });
      try {
        const res = await fetch(`/admin/media/picker.json?${query.toString()}`, { credentials: 'same-origin', headers: { accept: 'application/json' } });
        if (!res.ok) throw new Error(String(res.status));
        const { images } = (await res.json()) as { images: LibraryImage[] };
        if (mine !== request) return;
        grid.replaceChildren(
          ...images.map((image) => {
            const thumb = el('img', { className: 'image-picker__thumb', src: image.src, alt: image.alt[contentLang] || image.alt.en || image.alt.km, loading: 'lazy', width: image.width, height: image.height });
            if (thumb.alt === image.alt[contentLang]) thumb.lang = contentLang;
            const button = el('button', { type: 'button', className: 'image-picker__choice' }, thumb, el('span', { className: 'image-picker__name' }, image.name));
            button.addEventListener('click', () => choose(image));
            return el('li', {}, button);
          }),
        );
        status.textContent = images.length ? '' : t.none;
      } catch {
        if (mine === request) status.textContent = t.failed;
      }
    };
    let typing: ReturnType<typeof setTimeout> | undefined;
    search.addEventListener('input', () => {
      clearTimeout(typing);
      typing = setTimeout(() => void load(), 300);
    });
    searchForm.addEventListener('submit', (event) => {
      event.preventDefault();
      clearTimeout(typing);
      void load();
    });

    const finish = (src: string, altField: ReturnType<typeof labelledField>) => {
      const alt = altField.input.value.trim();
      if (!alt) return altField.showError(t.altRequired);
      result = { src, alt };
      dialog.close();
    };
    altForm.addEventListener('submit', (event) => {
      event.preventDefault();
      if (chosen) finish(chosen.src, libraryAlt);
    });
    // Forms validate in script so messages come in the admin's language, not the browser's.
    altForm.noValidate = true;

    dialog.addEventListener('close', () => {
      clearTimeout(typing);
      dialog.remove();
      resolve(result);
    });
    dialog.append(el('div', { className: 'image-picker__header' }, title, close), tabList, libraryPanel);
    // Outside the editor's own form: forms must not nest, and the dialog's fields are not post data.
    document.body.append(dialog);
    dialog.showModal();
    search.focus();
    void load();
  });
}
