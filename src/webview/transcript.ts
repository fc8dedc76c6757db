// The conversation as shown: user turns as plain text, answers as streamed Markdown, each answer
// with its model/tokens/cost/latency line, and errors inline with Retry and the fitting action.
import type { ErrorAction } from '../common/errors';
import type { AnswerMeta, ErrorView, RetryReason, TurnStatus, TurnView } from '../common/chat/protocol';
import { retryText } from '../common/chat/retryText';
import { el, icon, iconButton } from './dom';
import { highlightShownFirst } from './highlight';
import { StreamingMarkdown } from './stream';

const ACTION_LABELS: Record<ErrorAction, [icon: string, label: string]> = {
  'retry': ['refresh', 'Retry'],
  'set-api-key': ['key', 'Set API Key'],
  'open-settings': ['settings-gear', 'Open Settings'],
  'show-log': ['output', 'Show Log'],
  'choose-model': ['symbol-class', 'Choose Model'],
};

interface LiveTurn {
  element: HTMLElement;
  body: HTMLElement;
  /** What the user typed (user turns), for Edit. */
  question?: string;
  stream?: StreamingMarkdown;
  /** The "retrying in N s" line while a failed attempt waits, and its countdown. */
  retry?: { element: HTMLElement; timer: ReturnType<typeof setInterval> };
}

export class Transcript {
  readonly element: HTMLElement;
  private readonly turns = new Map<string, LiveTurn>();
  private readonly empty: HTMLElement;
  /** True while the view follows new output; false once the user scrolls up. */
  pinned = true;
  private lastScrollTop = 0;
  /**
   * Keeps the bottom in view while following: the transcript (a resized view) and every turn (its
   * content grew) are observed, and the browser reports their new sizes after its own layout of
   * the frame, before painting it. So following costs no layout of its own and sees the real
   * height, including answer parts skipped (content-visibility) until they came into view; an
   * animation-frame callback ran before that layout, forced it early and saw estimated heights.
   */
  private readonly sizes = new ResizeObserver(() => this.follow());

  constructor(private readonly onScrollChange: () => void) {
    this.element = el('main', { className: 'transcript', attrs: { 'role': 'log', 'aria-label': 'Conversation', 'aria-live': 'polite', 'tabindex': '0' } });
    this.empty = el('div', { className: 'empty' }, [
      el('p', { text: 'Ask about your code. Add context with the buttons below, type / for commands or @ to attach a file.' }),
    ]);
    this.element.append(this.empty);
    this.element.addEventListener('scroll', () => {
      const { scrollTop, scrollHeight, clientHeight } = this.element;
      // Only a move up means the user left the bottom to read. A scroll event that finds the
      // bottom further away because text arrived after our own scroll, or because the view was
      // resized, must not stop the following.
      if (scrollHeight - scrollTop - clientHeight < 24) this.pinned = true;
      else if (scrollTop < this.lastScrollTop) this.pinned = false;
      this.lastScrollTop = scrollTop;
      this.onScrollChange();
    }, { passive: true });
    // Where the user stops to read, its code is highlighted next. Not while following: each of
    // our own scrolls ends too, once a frame while an answer streams.
    this.element.addEventListener('scrollend', () => {
      if (!this.pinned) highlightShownFirst();
    }, { passive: true });
    this.sizes.observe(this.element);
  }

  /** A turn the host just started: a question the user sent brings the view back to follow its answer. */
  start(turn: TurnView): void {
    if (turn.role === 'user') this.pinned = true;
    this.add(turn);
  }

  reset(turns: readonly TurnView[]): void {
    this.turns.forEach(clearRetry);
    this.turns.forEach((live) => this.sizes.unobserve(live.element));
    this.turns.clear();
    this.element.replaceChildren(this.empty);
    for (const turn of turns) this.add(turn);
    this.updateEmpty();
  }

  add(turn: TurnView): void {
    const body = el('div', { className: 'turn-body' });
    const element = el('article', { className: `turn ${turn.role}`, attrs: { 'data-turn-id': turn.id, 'aria-label': turn.role === 'user' ? 'You' : 'Gearshift' } }, [
      el('div', { className: 'turn-role', text: turn.role === 'user' ? 'You' : 'Gearshift' }),
    ]);
    if (turn.role === 'user' && turn.context?.length) {
      element.append(el('div', { className: 'turn-context' }, turn.context.map((label) => el('span', { className: 'chip small', text: label }))));
    }
    element.append(body);
    const live: LiveTurn = { element, body };
    // A turn that starts again (a retried attempt) replaces its earlier rendering in place.
    const previous = this.turns.get(turn.id);
    this.turns.set(turn.id, live);
    if (turn.role === 'user') {
      body.classList.add('plain');
      body.textContent = turn.text;
      live.question = turn.text;
      element.append(actionBar([
        ['edit', 'Edit and resend', 'edit'],
        ['trash', 'Delete question and answer', 'delete'],
      ]));
    } else if (turn.status === 'streaming') {
      element.classList.add('streaming');
      live.stream = new StreamingMarkdown(body);
      live.stream.append(turn.text);
    } else {
      new StreamingMarkdown(body).finish(turn.text);
      this.decorateEnd(live, turn.id, turn.status, turn.meta, turn.error, turn.notice);
    }
    if (previous) {
      clearRetry(previous);
      this.sizes.unobserve(previous.element);
      previous.element.replaceWith(element);
    }
    else this.element.append(element);
    this.sizes.observe(element);
    this.updateEmpty();
  }

  delta(turnId: string, text: string): void {
    const live = this.turns.get(turnId);
    if (!live) return;
    clearRetry(live);
    live.stream?.append(text);
  }

  /** Shows, inside the answer, that a failed attempt waits before the next one; counts down. */
  retrying(turnId: string, reason: RetryReason, delayMs: number, attempt: number, maxAttempts: number): void {
    const live = this.turns.get(turnId);
    if (!live?.stream) return;
    clearRetry(live);
    const until = Date.now() + delayMs;
    const text = el('span', { text: retryText(reason, delayMs, attempt, maxAttempts) });
    const element = el('div', { className: 'turn-progress', attrs: { role: 'status' } }, [icon('sync'), text]);
    const timer = setInterval(() => {
      text.textContent = retryText(reason, until - Date.now(), attempt, maxAttempts);
    }, 1000);
    live.retry = { element, timer };
    live.element.insertBefore(element, live.body);
  }

  /** Replaces a question's text with an editor; sending posts the edit, Escape or Cancel restores it. */
  startEdit(turnId: string, onSend: (text: string) => void): void {
    const live = this.turns.get(turnId);
    if (!live || live.question === undefined || live.element.querySelector('.turn-edit')) return;
    const input = el('textarea', { className: 'input edit-input', attrs: { 'rows': '3', 'aria-label': 'Edit question' } });
    input.value = live.question;
    const later = this.laterTurns(live.element);
    const send = iconButton('send', 'Send edited question', { text: 'Send', className: 'primary' });
    const cancel = iconButton('close', 'Cancel edit', { text: 'Cancel' });
    const editor = el('div', { className: 'turn-edit' }, [
      input,
      later ? el('div', { className: 'edit-note', text: `Sending replaces the ${later} message${later === 1 ? '' : 's'} after this one.` }) : '',
      el('div', { className: 'edit-buttons' }, [send, cancel]),
    ]);
    const close = (): void => {
      editor.remove();
      live.body.hidden = false;
    };
    const submit = (): void => {
      const text = input.value.trim();
      if (!text) return;
      close();
      onSend(text);
    };
    send.addEventListener('click', submit);
    cancel.addEventListener('click', close);
    input.addEventListener('keydown', (event) => {
      if (event.isComposing) return;
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        submit();
      } else if (event.key === 'Escape') {
        event.preventDefault();
        close();
      }
    });
    live.body.hidden = true;
    live.body.after(editor);
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  }

  private laterTurns(element: HTMLElement): number {
    let count = 0;
    for (let next = element.nextElementSibling; next; next = next.nextElementSibling) if (next.matches('article.turn')) count++;
    return count;
  }

  end(turnId: string, status: TurnStatus, meta?: AnswerMeta, error?: ErrorView, notice?: string): void {
    const live = this.turns.get(turnId);
    if (!live) return;
    clearRetry(live);
    live.stream?.finish();
    live.stream = undefined;
    live.element.classList.remove('streaming');
    this.decorateEnd(live, turnId, status, meta, error, notice);
  }

  /** Scrolls to the newest output unless the user scrolled away to read. */
  follow(): void {
    if (this.pinned) this.element.scrollTop = this.element.scrollHeight;
  }

  private decorateEnd(live: LiveTurn, turnId: string, status: TurnStatus, meta?: AnswerMeta, error?: ErrorView, notice?: string): void {
    if (notice) live.element.insertBefore(el('div', { className: 'turn-notice', attrs: { role: 'note' } }, [icon('info'), notice]), live.body);
    if (status === 'stopped') live.body.append(el('p', { className: 'stopped', text: 'Stopped.' }));
    if (error) live.element.append(errorBlock(turnId, error));
    if (meta) live.element.append(el('div', { className: 'turn-meta', attrs: { 'aria-label': 'Answer details' } }, [describeMeta(meta)]));
    live.element.append(actionBar([
      ['copy', 'Copy answer', 'copy'],
      ['refresh', 'Regenerate', 'regenerate'],
      ['chevron-down', 'Regenerate with another model', 'regenerateWith'],
      ['trash', 'Delete question and answer', 'delete'],
    ]));
  }

  private updateEmpty(): void {
    this.empty.hidden = this.turns.size > 0;
  }
}

/** Per-message buttons; main.ts handles their clicks by delegation (data-turn-action). */
function actionBar(actions: [icon: string, label: string, action: string][]): HTMLElement {
  return el('div', { className: 'turn-actions', attrs: { role: 'toolbar', 'aria-label': 'Message actions' } },
    actions.map(([iconName, label, action]) => iconButton(iconName, label, { dataset: { turnAction: action } })));
}

function clearRetry(live: LiveTurn): void {
  if (!live.retry) return;
  clearInterval(live.retry.timer);
  live.retry.element.remove();
  live.retry = undefined;
}

function errorBlock(turnId: string, error: ErrorView): HTMLElement {
  const actions = error.actions.includes('retry') ? error.actions : ['retry' as const, ...error.actions];
  return el('div', { className: 'turn-error', attrs: { role: 'alert' } }, [
    el('div', { className: 'error-message' }, [icon('error'), error.message]),
    el('div', { className: 'error-actions' }, actions.map((action) => {
      const [iconName, label] = ACTION_LABELS[action];
      return iconButton(iconName, label, action === 'retry'
        ? { text: label, dataset: { retry: turnId } }
        : { text: label, dataset: { errorAction: action } });
    })),
  ]);
}

export function describeMeta(meta: AnswerMeta): string {
  const parts = [
    meta.model,
    `${formatCount(meta.promptTokens)} in · ${formatCount(meta.completionTokens)} out`,
    `$${meta.costUsd < 0.01 ? meta.costUsd.toFixed(4) : meta.costUsd.toFixed(2)}`,
    `${(meta.latencyMs / 1000).toFixed(1)} s`,
  ];
  if (meta.escalated) parts.push('escalated to large');
  if (meta.failedOver) parts.push('via failover');
  return parts.join(' · ');
}

export function formatCount(value: number): string {
  return value >= 10_000 ? `${(value / 1000).toFixed(1)}k` : value.toLocaleString('en-US');
}
