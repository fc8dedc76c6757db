// The action bar of a code block (copy, insert, apply, new file). A long answer has hundreds of
// code blocks, and four icon buttons each were a third of its elements: every one styled, laid out
// and shaped while the answer streamed, though a user acts on one block at a time. So a block is
// rendered with its bar's frame and language only, and the buttons are added when the pointer
// comes over the block or the keyboard reaches its bar (one tab stop per block until then). The
// frame keeps the buttons' height, so nothing moves when they appear.
import { el, iconButton } from './dom';

const actions = el('div', { className: 'code-actions' }, [
  iconButton('copy', 'Copy code', { dataset: { codeAction: 'copy' } }),
  iconButton('insert', 'Insert at cursor', { dataset: { codeAction: 'insert' } }),
  iconButton('git-compare', 'Apply to file (review the changes first)', { dataset: { codeAction: 'apply' } }),
  iconButton('new-file', 'Open in new file', { dataset: { codeAction: 'newFile' } }),
]);

/** Cloned for each block: building it anew cost more. */
const frame = el('div', { className: 'code-toolbar', attrs: { role: 'toolbar', tabindex: '0' } }, [el('span', { className: 'code-language' })]);

/** `div.code-toolbar` with the block's language; its buttons come with showCodeActions. */
export function codeToolbar(language: string): HTMLElement {
  const toolbar = frame.cloneNode(true) as HTMLElement;
  toolbar.firstElementChild!.textContent = language;
  toolbar.setAttribute('aria-label', language ? `Code actions (${language})` : 'Code actions');
  return toolbar;
}

/** Adds the buttons to `toolbar` unless it has them; from then on the buttons are its tab stops. */
function showCodeActions(toolbar: HTMLElement): void {
  if (toolbar.querySelector('.code-actions')) return;
  toolbar.append(actions.cloneNode(true));
  toolbar.removeAttribute('tabindex');
}

/** Shows a block's buttons when the pointer comes over it or focus reaches its bar (delegated on `root`). */
export function revealCodeActions(root: HTMLElement): void {
  root.addEventListener('pointerover', (event) => {
    const toolbar = (event.target as Element).closest('.code-block')?.querySelector<HTMLElement>(':scope > .code-toolbar');
    if (toolbar) showCodeActions(toolbar);
  });
  root.addEventListener('focusin', (event) => {
    const toolbar = event.target as HTMLElement;
    if (!toolbar.classList.contains('code-toolbar')) return;
    showCodeActions(toolbar);
    toolbar.querySelector<HTMLElement>('[data-code-action]')?.focus();
  });
}
