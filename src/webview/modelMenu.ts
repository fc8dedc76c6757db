// The model pick for "Regenerate with another model": a small menu under the button listing the
// picker's models by group. Arrow keys move, Enter picks, Escape or a click elsewhere closes.
import type { ModelOption } from '../common/chat/protocol';
import { MODEL_GROUPS } from '../common/chat/protocol';
import { el } from './dom';

let open: { menu: HTMLElement; close(): void } | undefined;

export function showModelMenu(anchor: HTMLElement, models: readonly ModelOption[], onPick: (model: string) => void): void {
  open?.close();
  const items: HTMLButtonElement[] = [];
  const menu = el('div', { className: 'model-menu', attrs: { role: 'menu', 'aria-label': 'Regenerate with' } });
  for (const group of MODEL_GROUPS) {
    const members = models.filter((model) => model.group === group);
    if (!members.length) continue;
    menu.append(el('div', { className: 'model-menu-group', text: group, attrs: { role: 'presentation' } }));
    for (const model of members) {
      const item = el('button', { className: 'model-menu-item', text: model.label, attrs: { type: 'button', role: 'menuitem' } });
      item.addEventListener('click', () => {
        close();
        onPick(model.id);
      });
      items.push(item);
      menu.append(item);
    }
  }
  const onOutside = (event: MouseEvent): void => {
    if (!menu.contains(event.target as Node)) close();
  };
  const close = (): void => {
    menu.remove();
    document.removeEventListener('mousedown', onOutside, true);
    if (open?.menu === menu) open = undefined;
  };
  menu.addEventListener('keydown', (event) => {
    const index = items.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      items[(index + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
      anchor.focus();
    }
  });
  document.addEventListener('mousedown', onOutside, true);
  document.body.append(menu);
  // Under the button, kept inside the view (a narrow sidebar).
  const box = anchor.getBoundingClientRect();
  menu.style.top = `${Math.min(box.bottom + 2, window.innerHeight - menu.offsetHeight - 4)}px`;
  menu.style.left = `${Math.max(4, Math.min(box.left, window.innerWidth - menu.offsetWidth - 4))}px`;
  open = { menu, close };
  items[0]?.focus();
}
