// Raw FIM prompt templates per model family (ARCHITECTURE.md §4), with repo-level context where
// the family was trained on it and commented context otherwise.
import type { FimFormat } from '../config';
import type { ContextChunk } from './context';

export interface FimPieces {
  prefix: string;
  suffix: string;
  /** Workspace-relative path of the current file. */
  path: string;
  languageId: string;
  /** Context from other files, already packed. */
  chunks: ContextChunk[];
  /** Workspace folder name, for repo-level formats. */
  repoName?: string;
}

export interface FimPrompt {
  prompt: string;
  /** Tokens that end the middle part; the client enforces all of them. */
  stop: string[];
}

type TemplateFormat = Exclude<FimFormat, 'none'>;

export function buildFimPrompt(format: TemplateFormat, pieces: FimPieces): FimPrompt {
  switch (format) {
    case 'qwen': {
      const head = repoLevel(pieces, '<|repo_name|>', '<|file_sep|>');
      return {
        prompt: `${head}<|fim_prefix|>${pieces.prefix}<|fim_suffix|>${pieces.suffix}<|fim_middle|>`,
        stop: ['<|endoftext|>', '<|file_sep|>', '<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>', '<|im_end|>', '<|repo_name|>'],
      };
    }
    case 'starcoder': {
      const head = repoLevel(pieces, '<repo_name>', '<file_sep>');
      return {
        prompt: `${head}<fim_prefix>${pieces.prefix}<fim_suffix>${pieces.suffix}<fim_middle>`,
        stop: ['<|endoftext|>', '<file_sep>', '<fim_prefix>', '<fim_suffix>', '<fim_middle>', '<repo_name>'],
      };
    }
    case 'deepseek':
      return {
        prompt: `<｜fim▁begin｜>${commented(pieces)}${pieces.prefix}<｜fim▁hole｜>${pieces.suffix}<｜fim▁end｜>`,
        stop: ['<｜fim▁begin｜>', '<｜fim▁hole｜>', '<｜fim▁end｜>', '<｜end▁of▁sentence｜>', '<|EOT|>'],
      };
    case 'codellama':
      return {
        prompt: `<PRE> ${commented(pieces)}${pieces.prefix} <SUF>${pieces.suffix} <MID>`,
        stop: ['<EOT>', '<PRE>', '<SUF>', '<MID>'],
      };
    case 'codestral':
      return {
        prompt: `[SUFFIX]${pieces.suffix}[PREFIX]${commented(pieces)}${pieces.prefix}`,
        stop: ['[PREFIX]', '[SUFFIX]', '[MIDDLE]', '</s>'],
      };
  }
}

/** Context for servers that take prompt + suffix without a template (suffix param, /infill, FIM APIs). */
export function prefixWithContext(pieces: FimPieces): string {
  return commented(pieces) + pieces.prefix;
}

/** Other files as separate repo files, the current file last (the layout the model was trained on). */
function repoLevel(pieces: FimPieces, repoToken: string, fileSep: string): string {
  if (pieces.chunks.length === 0) return '';
  const repo = pieces.repoName ? `${repoToken}${pieces.repoName}\n` : '';
  const files = pieces.chunks.map((chunk) => `${fileSep}${chunk.path}\n${chunk.text}\n`).join('');
  return `${repo}${files}${fileSep}${pieces.path}\n`;
}

/** Context as line comments in the current language, with the file path, before the prefix. */
function commented(pieces: FimPieces): string {
  if (pieces.chunks.length === 0) return '';
  const mark = lineComment(pieces.languageId);
  const blocks = pieces.chunks.map((chunk) => {
    const body = chunk.text.split('\n').map((line) => `${mark} ${line}`).join('\n');
    return `${mark} Path: ${chunk.path}\n${body}\n`;
  });
  return `${blocks.join('')}${mark} Path: ${pieces.path}\n`;
}

const HASH_COMMENT = new Set(['python', 'ruby', 'shellscript', 'perl', 'r', 'yaml', 'toml', 'dockerfile', 'makefile', 'powershell', 'elixir', 'julia', 'coffeescript']);
const DASH_COMMENT = new Set(['sql', 'lua', 'haskell', 'elm']);

export function lineComment(languageId: string): string {
  if (HASH_COMMENT.has(languageId)) return '#';
  if (DASH_COMMENT.has(languageId)) return '--';
  if (languageId === 'clojure' || languageId === 'lisp' || languageId === 'scheme') return ';;';
  return '//';
}
