// Links never navigate the page or open a window by themselves: every way a browser follows a link
// is cancelled here, for the whole document, in the capture phase (before any other handler), and
// the ones that mean "open it" ask the host, which shows the real address before opening it.
//
// - click, whatever the modifiers (Ctrl/Cmd/Shift/Alt-click open tabs, windows, downloads), and the
//   click that Enter (also with modifiers) on a focused link produces;
// - auxclick: the middle button opens a tab without any click event;
// - dragging a link (a dropped URL navigates the page it is dropped on), and any drop on the page
//   that no handler took (a URL or file dropped from outside would replace the page).

/** `open` receives the link's address when the user asked to follow it. */
export function guardLinks(root: Document, open: (href: string) => void): void {
  const linkOf = (event: Event) => (event.target instanceof Element ? event.target.closest('a') : null);
  root.addEventListener('click', (event) => {
    const link = linkOf(event);
    if (!link) return;
    event.preventDefault();
    const href = link.getAttribute('href');
    if (href) open(href);
  }, true);
  root.addEventListener('auxclick', (event) => {
    const link = linkOf(event);
    if (!link) return;
    event.preventDefault();
    const href = link.getAttribute('href');
    // The middle button means "open"; the right one only shows the (webview's) context menu.
    if (href && event.button === 1) open(href);
  }, true);
  root.addEventListener('dragstart', (event) => {
    if (linkOf(event)) event.preventDefault();
  }, true);
  // Bubbling phase: the composer takes dropped images first; whatever is left must not navigate.
  root.addEventListener('dragover', (event) => event.preventDefault());
  root.addEventListener('drop', (event) => {
    if (!isEditable(event.target)) event.preventDefault();
  });
}

/** Text dropped into the message box is inserted there (the browser's default), which is no navigation. */
function isEditable(target: EventTarget | null): boolean {
  return target instanceof HTMLTextAreaElement || target instanceof HTMLInputElement;
}
