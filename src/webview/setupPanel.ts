// The setup panel shown instead of the input while Gearshift is unconfigured: why, the hosted
// presets, the local servers found, and buttons for the key, the full endpoint picker and the
// walkthrough. Everything goes in as text; clicks become `setupAction` messages.
import type { SetupAction, SetupChoice, SetupView } from '../common/chat/setupPanel';
import { el, icon } from './dom';
import { post } from './vscodeApi';

export class SetupPanel {
  readonly element = el('section', { className: 'setup-panel', attrs: { 'aria-label': 'Set up Gearshift' } });

  constructor() {
    this.element.hidden = true;
    this.element.addEventListener('click', (event) => {
      const button = (event.target as Element).closest<HTMLElement>('[data-setup-action]');
      if (!button) return;
      post({ type: 'setupAction', action: button.dataset.setupAction as SetupAction, id: button.dataset.setupId || undefined });
    });
  }

  /** True while the panel is showing (the composer is hidden then). */
  show(view: SetupView | undefined): boolean {
    this.element.hidden = !view;
    if (!view) {
      this.element.replaceChildren();
      return false;
    }
    const servers = view.servers.length
      ? [el('h3', { text: 'Found on this machine' }), list(view.servers, 'server', 'vm')]
      : [el('p', { className: 'setup-hint', text: 'No local server (Ollama, LM Studio, llama.cpp) answered on its usual port.' })];
    this.element.replaceChildren(
      el('h2', {}, [icon('rocket'), ' Set up Gearshift']),
      el('p', { className: 'setup-reason', text: view.reason }),
      el('div', { className: 'setup-buttons' }, [
        button('setApiKey', 'key', 'Set API Key', 'primary'),
        button('chooseEndpoint', 'plug', 'More endpoints…'),
        button('walkthrough', 'book', 'Walkthrough'),
      ]),
      ...servers,
      el('h3', { text: 'Hosted providers' }),
      list(view.presets, 'preset', 'cloud'),
    );
    return true;
  }
}

function button(action: SetupAction, iconName: string, label: string, className = ''): HTMLButtonElement {
  const element = el('button', { className: `setup-button ${className}`.trim(), attrs: { type: 'button' } }, [icon(iconName), el('span', { text: label })]);
  element.dataset.setupAction = action;
  return element;
}

function list(choices: readonly SetupChoice[], action: SetupAction, iconName: string): HTMLUListElement {
  return el('ul', { className: 'setup-choices' }, choices.map((choice) => {
    const item = el('button', { className: 'setup-choice', attrs: { type: 'button' } }, [
      icon(iconName),
      el('span', { className: 'setup-choice-label', text: choice.label }),
      el('span', { className: 'setup-choice-detail', text: choice.detail }),
    ]);
    item.dataset.setupAction = action;
    item.dataset.setupId = choice.id;
    return el('li', {}, [item]);
  }));
}
