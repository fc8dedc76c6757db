// The fast secret rules: synchronous and cheap enough for every keystroke. They cover the shapes
// the maintained rule set (secretlint's recommended preset, run off the keystroke path) misses or
// only finds with a quoted literal: unquoted `.env`/`.npmrc`/ini values, PEM bodies cut off by a
// window, tokens whose vendor prefix alone is the evidence. Each rule names what it found so a
// refused rewrite can list it; `group` is the capture that is the secret itself (0 = the whole
// match), so the name before `=` stays readable in what is sent.
//
// Speed: a rule runs only where one of its `hints` (plain substrings) occurs. Most rules match
// within one line, so they run line by line and a line's verdict is cached by its exact text
// (scan.ts): an unchanged line is not rescanned on the next keystroke. The few whose match can run
// over a line break (`spansLines`) run over the whole text, behind a substring check of their hints.

export interface SecretRule {
  /** Shown to the user: "line 4: AWS secret access key". */
  name: string;
  pattern: RegExp;
  group: number;
  /** Substrings one of which must occur (in the lowercased text when `caseless`). */
  hints: readonly string[];
  caseless?: boolean;
  /**
   * The secret may run over a line break (`Bearer` and its token on two lines), so the rule runs
   * over the whole text. Every other rule runs on one line at a time: its verdict for a line
   * depends on that line alone, which is what makes the per-line cache safe.
   */
  spansLines?: boolean;
  /** Found by the variable's name alone, so the value is checked for shapes that are plainly code. */
  byName?: boolean;
}

/** Names of variables and keys that hold credentials. */
const CREDENTIAL_NAME = String.raw`[A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|auth|credential|private[_-]?key)[A-Za-z0-9_.-]*`;
/** The words of CREDENTIAL_NAME as lowercase substrings (api_key and api-key both hold "key"). */
const CREDENTIAL_WORDS = ['pass', 'pwd', 'secret', 'token', 'key', 'auth', 'credential'];

export const SECRET_RULES: readonly SecretRule[] = [
  {
    name: 'private key block',
    // To the END line, or to the end of the text when a window cut the block off.
    pattern: /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END \1PRIVATE KEY(?: BLOCK)?-----|[\s\S]*$)/g,
    group: 0,
    hints: ['PRIVATE KEY'],
    spansLines: true,
  },
  { name: 'OpenAI or Anthropic API key', pattern: /\bsk-(?:proj-|ant-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g, group: 0, hints: ['sk-'] },
  { name: 'Stripe secret key', pattern: /\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}\b/g, group: 0, hints: ['k_live_', 'k_test_'] },
  { name: 'GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/g, group: 0, hints: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'] },
  { name: 'GitLab token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g, group: 0, hints: ['glpat-'] },
  { name: 'Hugging Face token', pattern: /\bhf_[A-Za-z0-9]{30,}\b/g, group: 0, hints: ['hf_'] },
  { name: 'npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g, group: 0, hints: ['npm_'] },
  { name: 'npm auth setting', pattern: /(?:_authToken|_auth|_password)\s*=\s*["']?([^\s"'#]{8,})/g, group: 1, hints: ['_auth', '_password'], spansLines: true },
  { name: 'AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, group: 0, hints: ['AKIA', 'ASIA'] },
  {
    name: 'AWS secret access key',
    pattern: /aws_?secret_?(?:access_?)?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
    group: 1,
    hints: ['secret'],
    caseless: true,
  },
  { name: 'Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, group: 0, hints: ['xox'] },
  { name: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g, group: 0, hints: ['AIza'] },
  { name: 'Google OAuth client secret', pattern: /\bGOCSPX-[A-Za-z0-9_-]{20,}/g, group: 0, hints: ['GOCSPX-'] },
  { name: 'SendGrid API key', pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/g, group: 0, hints: ['SG.'] },
  { name: 'JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, group: 0, hints: ['eyJ'] },
  { name: 'bearer token', pattern: /\bBearer\s+([A-Za-z0-9._~+/-]{20,}=*)/g, group: 1, hints: ['Bearer'], spansLines: true },
  {
    // scheme://user:password@host — the password only, so the URL still reads as a URL.
    name: 'password in a URL',
    pattern: /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@'"`]+:([^\s@'"`/]{3,})@/gi,
    group: 1,
    hints: ['://'],
  },
  {
    // `password = "hunter2"`, `"clientSecret": "…"`: the quoted literal (no spaces: not a label).
    name: 'credential in a quoted assignment',
    pattern: new RegExp(String.raw`\b${CREDENTIAL_NAME}["']?\s*[:=]\s*(["'\x60])([^"'\x60\s]{4,})\1`, 'gi'),
    group: 2,
    hints: CREDENTIAL_WORDS,
    caseless: true,
    byName: true,
  },
  {
    // `DB_PASSWORD=hunter2` in .env, ini, shell, YAML: an unquoted value alone on its line. It must
    // hold a digit, so `token = nextToken` and `secret: string` stay.
    name: 'credential in an unquoted assignment',
    pattern: new RegExp(String.raw`^[ \t]*(?:export[ \t]+)?${CREDENTIAL_NAME}[ \t]*[:=][ \t]*((?=[^\s]*\d)[^\s"'\x60$#;,(){}\[\]<>]{6,})[ \t]*(?:#.*)?$`, 'gi'),
    group: 1,
    hints: CREDENTIAL_WORDS,
    caseless: true,
    byName: true,
  },
];

/** Values that only look like secrets: placeholders, references to variables, our own marker. */
export function isPlaceholder(value: string): boolean {
  return /^\$\{?[A-Za-z_]/.test(value)
    || /^<[^>]*>$/.test(value)
    || /^(?:x+|\*+|\.+|changeme|your[-_].*|example.*|redacted)$/i.test(value)
    || value.includes('[REDACTED]');
}
