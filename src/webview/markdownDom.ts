// markdown-it's tokens → DOM nodes, built with createElement and text nodes: no HTML string is
// written or parsed, so model text can only ever become text. Safe by construction rather than by
// sanitizing: elements come from a fixed list of tags, the only attributes set are an ordered
// list's start, a link's title and an openable (http/https) href, and a code block's language
// class. (An HTML parse plus a DOMPurify walk over it was ~45 % of a huge answer's script time.)
import type { Token } from 'markdown-it';
import { fenceLanguage } from '../common/chat/answerCode';
import { isOpenableLink } from '../common/chat/protocol';
import { el } from './dom';

/** What a code block (fenced or indented) becomes: the caller wraps it with its toolbar. */
export type CodeBlockBuilder = (token: Token, language: string) => Node;

/** The tags markdown-it's core rules open; any other (a plugin's) becomes a plain container. */
const CONTAINER_TAGS = new Set([
  'blockquote', 'del', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ol', 'p', 's', 'strong', 'sub', 'sup',
  'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul',
]);

/** A language name fit for a class and a label (an info string can hold anything). */
const LANGUAGE = /^[\w+#.-]{1,40}$/;

/** Appends the nodes of block-level `tokens` to `parent`. */
export function appendTokens(parent: Node, tokens: readonly Token[], codeBlock: CodeBlockBuilder): void {
  const stack: Node[] = [parent];
  const append = (node: Node | string): void => {
    const into = stack[stack.length - 1];
    if (typeof node !== 'string') into.appendChild(node);
    // Text next to text (a paragraph's lines and the line ends between them) goes into one node:
    // the same text in fewer nodes, each of which the browser lays out and shapes on its own.
    else if (into.lastChild instanceof Text) into.lastChild.appendData(node);
    else into.appendChild(document.createTextNode(node));
  };
  const visit = (list: readonly Token[]): void => {
    for (const token of list) {
      if (token.nesting === 1) {
        // A tight list's paragraphs are hidden: their text goes straight into the item.
        if (token.hidden) continue;
        const element = openElement(token);
        append(element);
        stack.push(element);
      } else if (token.nesting === -1) {
        if (!token.hidden) stack.pop();
      } else if (token.type === 'inline') {
        visit(token.children ?? []);
      } else {
        const node = leaf(token, codeBlock);
        if (node) append(node);
      }
    }
  };
  visit(tokens);
}

function openElement(token: Token): HTMLElement {
  if (token.type === 'link_open') {
    const link = document.createElement('a');
    const href = token.attrGet('href');
    if (href && isOpenableLink(href)) link.setAttribute('href', href);
    const title = token.attrGet('title');
    if (title) link.title = title;
    return link;
  }
  const element = document.createElement(CONTAINER_TAGS.has(token.tag) ? token.tag : token.block ? 'div' : 'span');
  const start = token.type === 'ordered_list_open' ? token.attrGet('start') : null;
  if (start && /^\d{1,9}$/.test(start)) element.setAttribute('start', start);
  return element;
}

/** A node, or text (which joins the text before it). */
function leaf(token: Token, codeBlock: CodeBlockBuilder): Node | string | undefined {
  switch (token.type) {
    case 'fence':
    case 'code_block': {
      const language = token.type === 'fence' ? fenceLanguage(token) ?? '' : '';
      return codeBlock(token, LANGUAGE.test(language) ? language : '');
    }
    case 'code_inline':
      return el('code', { text: token.content });
    case 'softbreak':
      return '\n';
    case 'hardbreak':
      return document.createElement('br');
    case 'hr':
      return document.createElement('hr');
    case 'image':
      return imagePlaceholder(token);
    default:
      // text, and (with raw HTML off, never produced) html_inline/html_block: all shown as text.
      return token.content || undefined;
  }
}

/** Never load an image from model output: a link-like placeholder the user may open on purpose. */
function imagePlaceholder(token: Token): HTMLElement {
  const src = token.attrGet('src') ?? '';
  const link = document.createElement('a');
  link.className = 'image-link';
  if (isOpenableLink(src)) link.setAttribute('href', src);
  link.title = `Image not loaded: ${src}`;
  const icon = document.createElement('span');
  icon.className = 'codicon codicon-file-media';
  link.append(icon, token.content || 'image');
  return link;
}
