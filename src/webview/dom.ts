// Small DOM builders. Text always goes in through textContent, never as HTML.

type Props = { className?: string; text?: string; attrs?: Record<string, string> };

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, children: (Node | string)[] = []): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.className) element.className = props.className;
  if (props.text !== undefined) element.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

export function icon(name: string): HTMLSpanElement {
  return el('span', { className: `codicon codicon-${name}`, attrs: { 'aria-hidden': 'true' } });
}

/** A button showing an icon (and optionally a short label); `label` is always its accessible name. */
export function iconButton(iconName: string, label: string, options: { text?: string; dataset?: Record<string, string>; className?: string } = {}): HTMLButtonElement {
  const button = el('button', { className: `icon-button ${options.className ?? ''}`.trim(), attrs: { type: 'button', 'aria-label': label, title: label } }, [icon(iconName)]);
  if (options.text) button.append(el('span', { text: options.text }));
  for (const [key, value] of Object.entries(options.dataset ?? {})) button.dataset[key] = value;
  return button;
}
