// The input area: context chips and buttons, the message box with slash-command completion,
// the token count of what will be sent, and Send/Stop. Keyboard first: Enter sends, Shift+Enter
// adds a line, Escape stops a running answer, arrows/Tab pick a completion.
import type { ContextChip, ContextKind, ContextRequest, TokenInfo } from '../common/chat/protocol';
import { completeSlash, type SlashCommand } from '../common/chat/slash';
import { el, icon, iconButton } from './dom';
import { formatCount } from './transcript';
import { post } from './vscodeApi';

const CHIP_ICONS: Record<ContextKind, string> = {
  selection: 'selection',
  file: 'file',
  problems: 'warning',
  terminal: 'terminal',
  image: 'file-media',
};

const CONTEXT_BUTTONS: [ContextRequest, string, string][] = [
  ['selection', 'selection', 'Add selection'],
  ['file', 'file', 'Add current file'],
  ['problems', 'warning', 'Add problems'],
  ['terminal', 'terminal', 'Add terminal output'],
  ['pickFile', 'mention', 'Attach a file (@)'],
];

const DRAFT_DEBOUNCE_MS = 250;

export class Composer {
  readonly element: HTMLElement;
  readonly input: HTMLTextAreaElement;
  private readonly chips: HTMLElement;
  private readonly tokens: HTMLElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly completions: HTMLElement;
  private suggestions: SlashCommand[] = [];
  private active = 0;
  private busy = false;
  private draftTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(draft: string, private readonly onDraftChange: (draft: string) => void) {
    this.chips = el('div', { className: 'chips', attrs: { 'aria-label': 'Attached context' } });
    const contextButtons = el('div', { className: 'context-buttons', attrs: { role: 'toolbar', 'aria-label': 'Add context' } },
      CONTEXT_BUTTONS.map(([kind, iconName, label]) => iconButton(iconName, label, { dataset: { addContext: kind } })));
    this.input = el('textarea', {
      className: 'input',
      attrs: {
        'rows': '3',
        'aria-label': 'Message Gearshift',
        'placeholder': 'Ask about your code (/ for commands, @ to attach a file)',
        'aria-autocomplete': 'list',
        'aria-controls': 'slash-completions',
      },
    });
    this.input.value = draft;
    this.completions = el('ul', { className: 'completions', attrs: { id: 'slash-completions', role: 'listbox', 'aria-label': 'Slash commands' } });
    this.completions.hidden = true;
    this.tokens = el('span', { className: 'token-count', attrs: { 'aria-live': 'polite' } });
    this.sendButton = iconButton('send', 'Send (Enter)', { className: 'send primary' });
    this.element = el('footer', { className: 'composer' }, [
      this.chips,
      contextButtons,
      el('div', { className: 'input-wrap' }, [this.completions, this.input]),
      el('div', { className: 'composer-footer' }, [this.tokens, this.sendButton]),
    ]);
    this.bind();
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.sendButton.replaceChildren(icon(busy ? 'debug-stop' : 'send'));
    const label = busy ? 'Stop (Escape)' : 'Send (Enter)';
    this.sendButton.setAttribute('aria-label', label);
    this.sendButton.title = label;
    this.sendButton.classList.toggle('stop', busy);
  }

  setChips(chips: readonly ContextChip[]): void {
    this.chips.replaceChildren(...chips.map((chip) => {
      const remove = iconButton('close', `Remove ${chip.label}`, { className: 'chip-remove', dataset: { removeContext: chip.id } });
      const tokens = chip.tokens !== undefined ? el('span', { className: 'chip-tokens', text: formatCount(chip.tokens) }) : '';
      return el('span', { className: `chip ${chip.kind}`, attrs: { title: chip.detail ?? chip.label } }, [icon(CHIP_ICONS[chip.kind]), el('span', { className: 'chip-label', text: chip.label }), tokens, remove]);
    }));
  }

  setTokens(info: TokenInfo): void {
    const hint = { fits: '', escalate: ' · will escalate to the large model', trim: ' · context will be trimmed', 'too-large': ' · too large for this model' }[info.plan];
    this.tokens.textContent = `${formatCount(info.count)} / ${formatCount(info.window)} tokens${hint}`;
    this.tokens.classList.toggle('warning', info.plan !== 'fits');
  }

  prefill(text: string): void {
    this.input.value = text;
    this.input.focus();
    this.input.setSelectionRange(text.length, text.length);
    this.changed();
  }

  focus(): void {
    this.input.focus();
  }

  private bind(): void {
    this.input.addEventListener('input', (event) => {
      // "@" typed at a word start opens the file picker instead of staying in the text.
      const inputEvent = event as InputEvent;
      if (inputEvent.data === '@' && this.atWordStart()) {
        const position = this.input.selectionStart - 1;
        this.input.setRangeText('', position, position + 1, 'end');
        post({ type: 'addContext', kind: 'pickFile' });
      }
      this.changed();
    });
    this.input.addEventListener('keydown', (event) => this.onKeyDown(event));
    this.input.addEventListener('paste', (event) => {
      const files = Array.from(event.clipboardData?.files ?? []).filter((file) => file.type.startsWith('image/'));
      if (files.length) {
        event.preventDefault();
        files.forEach(attachImage);
      }
    });
    this.element.addEventListener('dragover', (event) => event.preventDefault());
    this.element.addEventListener('drop', (event) => {
      const files = Array.from(event.dataTransfer?.files ?? []).filter((file) => file.type.startsWith('image/'));
      if (!files.length) return;
      event.preventDefault();
      files.forEach(attachImage);
    });
    this.sendButton.addEventListener('click', () => (this.busy ? post({ type: 'stop' }) : this.send()));
    this.completions.addEventListener('mousedown', (event) => {
      const option = (event.target as Element).closest<HTMLElement>('[data-command]');
      if (!option) return;
      event.preventDefault();
      this.accept(this.suggestions.findIndex((command) => command.name === option.dataset.command));
    });
    this.element.addEventListener('click', (event) => {
      const target = (event.target as Element).closest<HTMLElement>('[data-add-context], [data-remove-context]');
      if (target?.dataset.addContext) post({ type: 'addContext', kind: target.dataset.addContext as ContextRequest });
      else if (target?.dataset.removeContext) post({ type: 'removeContext', id: target.dataset.removeContext });
    });
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (event.isComposing) return;
    const open = !this.completions.hidden;
    if (open && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      this.active = (this.active + (event.key === 'ArrowDown' ? 1 : -1) + this.suggestions.length) % this.suggestions.length;
      this.renderCompletions();
    } else if (open && (event.key === 'Tab' || (event.key === 'Enter' && !event.shiftKey))) {
      event.preventDefault();
      this.accept(this.active);
    } else if (event.key === 'Escape') {
      if (open) this.hideCompletions();
      else if (this.busy) post({ type: 'stop' });
      else return;
      event.preventDefault();
    } else if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      if (!this.busy) this.send();
    }
  }

  private send(): void {
    const text = this.input.value.trim();
    if (!text) return;
    post({ type: 'send', text });
    this.input.value = '';
    this.changed();
  }

  private changed(): void {
    this.onDraftChange(this.input.value);
    this.suggestions = completeSlash(this.input.value);
    this.active = 0;
    if (this.suggestions.length) this.renderCompletions();
    else this.hideCompletions();
    clearTimeout(this.draftTimer);
    this.draftTimer = setTimeout(() => post({ type: 'draft', text: this.input.value }), DRAFT_DEBOUNCE_MS);
  }

  private accept(index: number): void {
    const command = this.suggestions[index];
    if (!command) return;
    this.input.value = `/${command.name} `;
    this.input.setSelectionRange(this.input.value.length, this.input.value.length);
    this.changed();
  }

  private renderCompletions(): void {
    this.completions.hidden = false;
    this.completions.replaceChildren(...this.suggestions.map((command, index) => el('li', {
      className: index === this.active ? 'active' : '',
      attrs: { 'role': 'option', 'id': `slash-${command.name}`, 'aria-selected': String(index === this.active), 'data-command': command.name },
    }, [el('strong', { text: `/${command.name}` }), ` ${command.description}`])));
    this.input.setAttribute('aria-activedescendant', `slash-${this.suggestions[this.active].name}`);
  }

  private hideCompletions(): void {
    this.completions.hidden = true;
    this.input.removeAttribute('aria-activedescendant');
  }

  private atWordStart(): boolean {
    const before = this.input.value.slice(0, this.input.selectionStart - 1);
    return before === '' || /\s$/.test(before);
  }
}

function attachImage(file: File): void {
  const reader = new FileReader();
  reader.onload = () => {
    if (typeof reader.result === 'string') post({ type: 'addImage', name: file.name || 'pasted image', dataUrl: reader.result });
  };
  reader.readAsDataURL(file);
}
