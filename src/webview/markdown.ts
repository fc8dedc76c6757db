// Model output → sanitized DOM. Markdown is parsed with raw HTML disabled, then the result is
// sanitized again with DOMPurify (defence in depth), images become click-to-open placeholders, and
// code blocks get their action toolbar and the answer line they start on (their id for the host).
import MarkdownIt from 'markdown-it';
import hljs from 'highlight.js/lib/common';
import DOMPurify from 'dompurify';
import { codeTokens } from '../common/chat/answerCode';
import { isOpenableLink } from '../common/chat/protocol';
import { el, iconButton } from './dom';

/**
 * Off while rendering a still-open tail: an unfinished code block is shown plain and highlighted
 * once, when it is complete. Highlighting multiplies the nodes each streamed frame would rebuild.
 */
let highlighting = true;

const markdown = new MarkdownIt({
  html: false,
  linkify: true,
  typographer: false,
  highlight(code, language) {
    if (!highlighting || !language || !hljs.getLanguage(language)) return '';
    try {
      return hljs.highlight(code, { language, ignoreIllegals: true }).value;
    } catch {
      return '';
    }
  },
});

// Never load an image from model output: show a link-like placeholder the user may open on purpose.
markdown.renderer.rules.image = (tokens, index) => {
  const token = tokens[index];
  const src = token.attrGet('src') ?? '';
  const alt = token.content || 'image';
  const escape = markdown.utils.escapeHtml;
  return `<a class="image-link" href="${escape(src)}" title="${escape(`Image not loaded: ${src}`)}"><span class="codicon codicon-file-media"></span>${escape(alt)}</a>`;
};

const ALLOWED_TAGS = [
  'a', 'blockquote', 'br', 'code', 'del', 'div', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'kbd', 'li', 'ol', 'p',
  'pre', 's', 'span', 'strong', 'sub', 'sup', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul',
];

const purifier = DOMPurify(window);
// Set once: parsing the configuration on every call cost more than sanitizing a small block.
purifier.setConfig({
  ALLOWED_TAGS,
  ALLOWED_ATTR: ['href', 'title', 'class', 'start'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOWED_URI_REGEXP: /^https?:/i,
  IN_PLACE: true,
});
purifier.addHook('afterSanitizeAttributes', (node) => {
  if (node.nodeName !== 'A') return;
  const href = node.getAttribute('href');
  if (!href || !isOpenableLink(href)) node.removeAttribute('href');
  node.removeAttribute('target');
});

// Parsed in a <template>: its content is inert (no script runs, no image loads, no handler fires),
// and reusing one element avoids creating a new document per render (this runs per streamed frame).
const parser = document.createElement('template');

/** A finished (or open) block of the answer, and the answer line its source starts on. */
export interface MarkdownBlock {
  source: string;
  firstLine: number;
  highlight: boolean;
}

/**
 * `firstLine` is the answer line `source` starts on: code blocks are marked with their line in the
 * whole answer, which is how the host finds the block in its own copy.
 */
export function renderMarkdown(source: string, options: { highlight?: boolean; firstLine?: number } = {}): DocumentFragment {
  return renderMarkdownBlocks([{ source, firstLine: options.firstLine ?? 0, highlight: options.highlight ?? true }]);
}

/**
 * Each block is parsed on its own (as if rendered alone), and their HTML is joined: markdown-it
 * closes every element it opens, so one HTML parse and one sanitizing pass give the same nodes as
 * one per block, without the fixed cost per parse that dominated when a delta finished dozens
 * of small blocks.
 */
export function renderMarkdownBlocks(blocks: readonly MarkdownBlock[]): DocumentFragment {
  const codeLines: number[] = [];
  let html = '';
  try {
    for (const block of blocks) {
      highlighting = block.highlight;
      const env = {};
      const tokens = markdown.parse(block.source, env);
      for (const token of codeTokens(tokens)) codeLines.push(block.firstLine + token.map![0]);
      html += markdown.renderer.render(tokens, markdown.options, env);
    }
  } finally {
    highlighting = true;
  }
  parser.innerHTML = `<div>${html}</div>`;
  const root = parser.content.firstElementChild as HTMLElement;
  purifier.sanitize(root);
  const fragment = document.createDocumentFragment();
  // One deep import into the live document (cheaper than adopting node by node).
  fragment.append(...Array.from(document.importNode(root, true).childNodes));
  parser.innerHTML = '';
  decorateCodeBlocks(fragment, codeLines);
  return fragment;
}

/** Cloned for each code block (a README has hundreds): building the buttons anew cost more. */
const codeToolbar = el('div', { className: 'code-toolbar' }, [
  el('span', { className: 'code-language' }),
  iconButton('copy', 'Copy code', { dataset: { codeAction: 'copy' } }),
  iconButton('insert', 'Insert at cursor', { dataset: { codeAction: 'insert' } }),
  iconButton('git-compare', 'Apply to file (review the changes first)', { dataset: { codeAction: 'apply' } }),
  iconButton('new-file', 'Open in new file', { dataset: { codeAction: 'newFile' } }),
]);

/** Every code token renders as one `pre > code`, in token order: the n-th `pre` starts on `lines[n]`. */
function decorateCodeBlocks(root: DocumentFragment, lines: readonly number[]): void {
  const blocks = Array.from(root.querySelectorAll('pre'));
  for (const [index, pre] of blocks.entries()) {
    const code = pre.querySelector('code');
    if (!code || lines[index] === undefined) continue;
    const language = /(?:^|\s)language-([\w+#.-]{1,40})/.exec(code.className)?.[1] ?? '';
    const toolbar = codeToolbar.cloneNode(true) as HTMLElement;
    toolbar.firstElementChild!.textContent = language;
    const block = el('div', { className: 'code-block' });
    block.dataset.line = String(lines[index]);
    if (language) block.dataset.language = language;
    pre.replaceWith(block);
    block.append(toolbar, pre);
  }
}
