// The VS Code language id of a file by its extension, for files read from disk rather than opened in
// the editor (the CLI's files, imported files the inline context follows).

const LANGUAGE_BY_EXTENSION: Record<string, string> = {
  '.ts': 'typescript', '.mts': 'typescript', '.cts': 'typescript', '.tsx': 'typescriptreact', '.js': 'javascript', '.jsx': 'javascriptreact',
  '.mjs': 'javascript', '.cjs': 'javascript', '.py': 'python', '.go': 'go', '.java': 'java', '.rs': 'rust', '.c': 'c', '.h': 'c', '.cpp': 'cpp',
  '.hpp': 'cpp', '.cs': 'csharp', '.rb': 'ruby', '.php': 'php', '.kt': 'kotlin', '.swift': 'swift', '.sh': 'shellscript', '.lua': 'lua',
  '.sql': 'sql', '.md': 'markdown',
};

export function languageIdOfPath(file: string): string {
  const extension = /\.[^./\\]+$/.exec(file)?.[0].toLowerCase() ?? '';
  return LANGUAGE_BY_EXTENSION[extension] ?? 'plaintext';
}
