import { Editor } from '@tiptap/core';
import Image from '@tiptap/extension-image';
import Link from '@tiptap/extension-link';
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import StarterKit from '@tiptap/starter-kit';
import { contentLanguageOf, pickImage } from './image-picker.js';
import { enhanceFieldUpload } from './field-upload.js';
import { enhanceSlugField } from './slug-field.js';

/**
 * Progressive enhancement of the admin's rich-text fields: each `<textarea data-rich-text>`
 * gets an editor and a toolbar; the textarea stays in the form (hidden) and receives the
 * HTML on every change, so the form posts the same field with or without this script.
 * The server sanitizes whatever arrives.
 */
type Command = { label: string; run: (e: Editor, field: HTMLTextAreaElement) => void };

const COMMANDS: Command[] = [
  { label: 'H2', run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run() },
  { label: 'H3', run: (e) => e.chain().focus().toggleHeading({ level: 3 }).run() },
  { label: 'B', run: (e) => e.chain().focus().toggleBold().run() },
  { label: 'I', run: (e) => e.chain().focus().toggleItalic().run() },
  { label: '• List', run: (e) => e.chain().focus().toggleBulletList().run() },
  { label: '1. List', run: (e) => e.chain().focus().toggleOrderedList().run() },
  { label: '“ Quote', run: (e) => e.chain().focus().toggleBlockquote().run() },
  {
    label: 'Link',
    run: (e) => {
      const href = window.prompt('https://…', String(e.getAttributes('link').href ?? ''));
      if (href === null) return;
      if (href === '') e.chain().focus().unsetLink().run();
      else if (/^(https?:|mailto:|\/)/i.test(href)) e.chain().focus().setLink({ href }).run();
    },
  },
  {
    label: 'Image',
    // A library image or an outside https one, always with an alt text in the field's language.
    run: (e, field) => {
      void pickImage(contentLanguageOf(field)).then((image) => {
        if (image) e.chain().focus().setImage(image).run();
        else e.commands.focus();
      });
    },
  },
  { label: 'Table', run: (e) => e.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run() },
];

function enhance(textarea: HTMLTextAreaElement): void {
  const wrapper = document.createElement('div');
  wrapper.className = 'rich-text-editor';
  const toolbar = document.createElement('div');
  toolbar.className = 'rich-text-editor__toolbar';
  toolbar.setAttribute('role', 'toolbar');
  const surface = document.createElement('div');
  surface.className = 'rich-text-editor__surface prose';
  wrapper.append(toolbar, surface);
  textarea.before(wrapper);
  textarea.hidden = true;
  // The editable area replaces the textarea for assistive technology too: it is named by
  // the field's own label, so a screen reader announces "Text, edit text" and not nothing.
  const label = textarea.id ? document.querySelector<HTMLLabelElement>(`label[for="${CSS.escape(textarea.id)}"]`) : null;
  if (label && !label.id) label.id = `${textarea.id}-label`;
  const name: Record<string, string> = label ? { 'aria-labelledby': label.id } : { 'aria-label': textarea.getAttribute('aria-label') ?? textarea.name };
  const editor = new Editor({
    element: surface,
    // Tiptap would add its base rules as a <style> element, which the admin's CSP refuses
    // (no inline styles); the same rules are in admin.css.
    injectCSS: false,
    editorProps: { attributes: { role: 'textbox', 'aria-multiline': 'true', ...name } },
    extensions: [StarterKit.configure({ link: false }), Link.configure({ openOnClick: false }), Image, Table, TableRow, TableHeader, TableCell],
    content: textarea.value,
    onUpdate: ({ editor: e }) => {
      textarea.value = e.getHTML();
    },
  });
  for (const command of COMMANDS) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = command.label;
    button.addEventListener('click', () => command.run(editor, textarea));
    toolbar.append(button);
  }
  textarea.form?.addEventListener('submit', () => {
    textarea.value = editor.getHTML();
  });
}

document.querySelectorAll<HTMLTextAreaElement>('textarea[data-rich-text]').forEach(enhance);
document.querySelectorAll<HTMLInputElement>('input[data-slug-from]').forEach(enhanceSlugField);
document.querySelectorAll<HTMLElement>('[data-field-upload]').forEach(enhanceFieldUpload);
