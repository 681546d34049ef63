/**
 * Upload from an item's form: the control beside a cover or document picker (rendered hidden
 * by the server, see field-upload.tsx) is shown, and a chosen file is sent at once to
 * /admin/media/upload.json with XMLHttpRequest, whose upload events drive the progress bar
 * (fetch reports no upload progress). The answer's file is added to the picker and chosen;
 * a refusal is shown under the control in the editor's language, as the server wrote it.
 */
const UPLOAD_URL = '/admin/media/upload.json';

interface Answer {
  ok: boolean;
  id?: number;
  label?: string;
  message?: string;
}

function text(control: HTMLElement, key: string, name = ''): string {
  return (control.dataset[key] ?? '').replace('{name}', name);
}

function chooseInPicker(select: HTMLSelectElement, id: number, label: string): void {
  let option = Array.from(select.options).find((o) => o.value === String(id));
  if (!option) {
    option = new Option(label, String(id));
    select.add(option);
  }
  select.value = String(id);
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

export function enhanceFieldUpload(wrapper: HTMLElement): void {
  const select = document.getElementById(wrapper.dataset.fieldUpload ?? '');
  const control = wrapper.querySelector<HTMLElement>('.field-upload__control');
  const input = control?.querySelector<HTMLInputElement>('input[type=file]');
  const progress = control?.querySelector<HTMLProgressElement>('progress');
  const status = control?.querySelector<HTMLElement>('.field-upload__status');
  const csrf = wrapper.closest('form')?.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value;
  if (!(select instanceof HTMLSelectElement) || !control || !input || !progress || !status || !csrf) return;
  wrapper.querySelector<HTMLElement>('.field-upload__fallback')?.remove();
  control.hidden = false;

  const show = (message: string, state: 'busy' | 'done' | 'error') => {
    status.textContent = message;
    status.className = `field-upload__status field-upload__status--${state}`;
    control.dataset.state = state;
  };

  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (!file) return;
    const body = new FormData();
    control.querySelectorAll<HTMLInputElement>('input[data-alt-locale]').forEach((alt) => {
      if (alt.value.trim()) body.append(`alt_${alt.dataset.altLocale}`, alt.value.trim());
    });
    body.append('file', file, file.name);
    const request = new XMLHttpRequest();
    request.open('POST', `${UPLOAD_URL}?accept=${encodeURIComponent(control.dataset.acceptKind ?? '')}`);
    request.setRequestHeader('x-csrf-token', csrf);
    request.responseType = 'json';
    progress.value = 0;
    progress.removeAttribute('value');
    progress.hidden = false;
    input.disabled = true;
    show(text(control, 'textUploading', file.name), 'busy');
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) progress.value = Math.round((event.loaded / event.total) * 100);
    });
    const finish = () => {
      input.disabled = false;
      input.value = '';
      const answer = request.response as Answer | null;
      if (request.status === 200 && answer?.ok && answer.id !== undefined) {
        progress.value = 100;
        chooseInPicker(select, answer.id, answer.label ?? file.name);
        show(`${text(control, 'textDone', answer.label ?? file.name)} ${answer.message ?? ''}`.trim(), 'done');
        return;
      }
      progress.hidden = true;
      // The server words its refusals; a refused permission or a lost connection is worded here.
      const message = answer && typeof answer.message === 'string' ? answer.message : text(control, request.status === 403 ? 'textForbidden' : 'textFailed');
      show(message, 'error');
    };
    request.addEventListener('load', finish);
    request.addEventListener('error', finish);
    request.addEventListener('abort', finish);
    request.send(body);
  });
}
