// The chat page. Builds the view, applies host messages (checked by the shared protocol guards),
// and turns user gestures into page messages. Nothing from the model reaches the DOM unsanitized.
import { MODEL_GROUPS, isHostMessage, type CodeAction, type HostMessage, type ModelOption, type ViewCommand } from '../common/chat/protocol';
import type { ErrorAction } from '../common/errors';
import { revealCodeActions } from './codeToolbar';
import { Composer } from './composer';
import { guardLinks } from './links';
import { el, icon, iconButton } from './dom';
import { showModelMenu } from './modelMenu';
import { SetupPanel } from './setupPanel';
import { Transcript } from './transcript';
import { loadState, post, saveState, type PageState } from './vscodeApi';

/** Set by the benchmark only: receives how long each host message took to apply, in ms. */
declare global {
  interface Window {
    __gearshiftRenderProbe?: (ms: number) => void;
  }
}

const state: PageState = loadState();
/** The picker's models, also offered by "Regenerate with another model". */
let models: readonly ModelOption[] = [];
let saveScheduled = false;

function persist(): void {
  if (saveScheduled) return;
  saveScheduled = true;
  requestAnimationFrame(() => {
    saveScheduled = false;
    state.scrollTop = transcript.element.scrollTop;
    state.pinned = transcript.pinned;
    saveState(state);
  });
}

const transcript = new Transcript(persist);
const composer = new Composer(state.draft, (draft) => {
  state.draft = draft;
  persist();
});

const modelSelect = el('select', { className: 'model-select', attrs: { 'aria-label': 'Model' } });
const notices = el('div', { className: 'notices', attrs: { role: 'status' } });
const header = el('header', { className: 'toolbar' }, [
  el('label', { className: 'model-label' }, [icon('hubot'), modelSelect]),
  el('span', { className: 'spacer' }),
  // New conversation and History live in the view's title bar (package.json view/title).
  iconButton('export', 'Export conversation as Markdown', { dataset: { command: 'export' } }),
]);

const setupPanel = new SetupPanel();

document.getElementById('app')!.append(header, transcript.element, setupPanel.element, notices, composer.element);

modelSelect.addEventListener('change', () => post({ type: 'selectModel', model: modelSelect.value }));
header.addEventListener('click', (event) => {
  const button = (event.target as Element).closest<HTMLElement>('[data-command]');
  if (button) post({ type: 'command', command: button.dataset.command as ViewCommand });
});

notices.addEventListener('click', (event) => {
  (event.target as Element).closest('[data-dismiss]')?.closest('.notice')?.remove();
});

// Everything clickable inside answers is handled here, by delegation: no inline handlers. Links
// are guardLinks' (links.ts): they never navigate the page, the host asks before opening them.
transcript.element.addEventListener('click', (event) => {
  const target = event.target as Element;
  const codeButton = target.closest<HTMLElement>('[data-code-action]');
  if (codeButton) {
    // Only which block: the host takes the code from its own copy of the answer, never from the page.
    const line = Number(codeButton.closest<HTMLElement>('.code-block')?.dataset.line);
    const answerId = codeButton.closest<HTMLElement>('article.turn')?.dataset.turnId;
    if (answerId && Number.isInteger(line)) post({ type: 'code', action: codeButton.dataset.codeAction as CodeAction, turnId: answerId, line });
    if (codeButton.dataset.codeAction === 'copy') flash(codeButton);
    return;
  }
  const turnAction = target.closest<HTMLElement>('[data-turn-action]');
  const turnId = turnAction?.closest<HTMLElement>('article.turn')?.dataset.turnId;
  if (turnAction && turnId) {
    runTurnAction(turnAction, turnAction.dataset.turnAction!, turnId);
    return;
  }
  const retry = target.closest<HTMLElement>('[data-retry]');
  if (retry?.dataset.retry) {
    post({ type: 'retry', turnId: retry.dataset.retry });
    return;
  }
  const action = target.closest<HTMLElement>('[data-error-action]');
  if (action) post({ type: 'errorAction', action: action.dataset.errorAction as ErrorAction });
});

revealCodeActions(transcript.element);
guardLinks(document, (href) => post({ type: 'openLink', href }));

window.addEventListener('message', (event: MessageEvent) => {
  const started = performance.now();
  if (!isHostMessage(event.data)) return;
  apply(event.data);
  window.__gearshiftRenderProbe?.(performance.now() - started);
});

function apply(message: HostMessage): void {
  switch (message.type) {
    case 'batch':
      message.messages.forEach(apply);
      break;
    case 'state':
      transcript.reset(message.conversation.turns);
      setModels(message.models, message.selectedModel);
      composer.setChips(message.chips);
      setBusy(message.busy);
      restoreScroll();
      break;
    case 'turnStart':
      transcript.start(message.turn);
      break;
    case 'delta':
      transcript.delta(message.turnId, message.text);
      break;
    case 'turnEnd':
      transcript.end(message.turnId, message.status, message.meta, message.error, message.notice);
      break;
    case 'chips':
      composer.setChips(message.chips);
      break;
    case 'tokens':
      composer.setTokens(message.tokens);
      break;
    case 'notice':
      showNotice(message.level, message.text);
      break;
    case 'busy':
      setBusy(message.busy);
      break;
    case 'models':
      setModels(message.models, message.selectedModel);
      break;
    case 'retrying':
      transcript.retrying(message.turnId, message.reason, message.delayMs, message.attempt, message.maxAttempts);
      break;
    case 'prefill':
      composer.prefill(message.text);
      break;
    case 'setup':
      // The panel replaces the conversation and the input until an endpoint can be used.
      composer.element.hidden = transcript.element.hidden = setupPanel.show(message.setup);
      break;
  }
}

function runTurnAction(button: HTMLElement, action: string, turnId: string): void {
  switch (action) {
    case 'copy':
      post({ type: 'copyTurn', turnId });
      flash(button);
      break;
    case 'regenerate':
      post({ type: 'retry', turnId });
      break;
    case 'regenerateWith':
      showModelMenu(button, models, (model) => post({ type: 'retry', turnId, model }));
      break;
    case 'delete':
      post({ type: 'deleteTurn', turnId });
      break;
    case 'edit':
      transcript.startEdit(turnId, (text) => post({ type: 'editTurn', turnId, text }));
      break;
  }
}

function setModels(options: readonly ModelOption[], selected: string): void {
  models = options;
  modelSelect.replaceChildren(...MODEL_GROUPS.flatMap((group) => {
    const members = options.filter((model) => model.group === group);
    if (!members.length) return [];
    const optgroup = el('optgroup', { attrs: { label: group } });
    optgroup.append(...members.map((model) => {
      const option = el('option', { text: model.label, attrs: { value: model.id } });
      option.selected = model.id === selected;
      return option;
    }));
    return [optgroup];
  }));
}

function setBusy(busy: boolean): void {
  composer.setBusy(busy);
  // Per-message actions wait while an answer streams (the host would refuse them).
  document.body.classList.toggle('busy', busy);
}

function showNotice(level: 'info' | 'warning' | 'error', text: string): void {
  const iconName = level === 'info' ? 'info' : level;
  notices.append(el('div', { className: `notice ${level}` }, [
    icon(iconName),
    el('span', { className: 'notice-text', text }),
    iconButton('close', 'Dismiss', { dataset: { dismiss: '' } }),
  ]));
}

let scrollRestored = false;
function restoreScroll(): void {
  if (scrollRestored) return;
  scrollRestored = true;
  transcript.pinned = state.pinned;
  if (state.pinned) transcript.follow();
  else transcript.element.scrollTop = state.scrollTop;
}

function flash(button: HTMLElement): void {
  button.classList.add('done');
  setTimeout(() => button.classList.remove('done'), 1200);
}

post({ type: 'ready' });
// Never take focus on load: the page loads whenever the view becomes visible (at startup too), and
// keystrokes meant for the editor must stay there. When the user focuses the view, the input gets it.
// Focusing a view that was never shown (Ctrl+Alt+G) gives this frame focus before this script runs,
// so no focus event follows: then the frame already has focus and the input takes it now.
const focusInputIfViewFocused = (): void => {
  if (document.activeElement === document.body || document.activeElement === null) composer.focus();
};
window.addEventListener('focus', focusInputIfViewFocused);
if (document.hasFocus()) focusInputIfViewFocused();
