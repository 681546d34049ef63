import { createHash } from 'node:crypto';

/**
 * Drag and drop for the upload form, as progressive enhancement: dropped files are put into
 * the form's own file input and the form is submitted as usual, so the server sees exactly
 * what the plain form sends (the CSRF token first). Served same-origin from memory, under a
 * hashed name, because the content security policy allows no inline script.
 */
const SOURCE = `(function () {
  var form = document.querySelector('form[data-drop-zone]');
  if (!form || typeof DataTransfer === 'undefined') return;
  var input = form.querySelector('input[type=file]');
  var hint = form.querySelector('.upload-form__drop');
  if (!input) return;
  if (hint) hint.hidden = false;
  function over(event) { event.preventDefault(); form.classList.add('upload-form--over'); }
  function leave() { form.classList.remove('upload-form--over'); }
  form.addEventListener('dragenter', over);
  form.addEventListener('dragover', over);
  form.addEventListener('dragleave', leave);
  form.addEventListener('drop', function (event) {
    event.preventDefault();
    leave();
    if (!event.dataTransfer || event.dataTransfer.files.length === 0) return;
    input.files = event.dataTransfer.files;
    form.requestSubmit ? form.requestSubmit() : form.submit();
  });
})();
`;

let built: { hash: string; body: string } | undefined;

export function dropZoneScript(): { hash: string; body: string } {
  built ??= { hash: createHash('sha256').update(SOURCE).digest('hex').slice(0, 12), body: SOURCE };
  return built;
}
