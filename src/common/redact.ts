// Removes secrets from text before it leaves the machine or lands in a log: provider API keys,
// tokens, private key blocks and `password = "…"` style assignments. Patterns are anchored on
// the vendors' fixed prefixes and lengths so ordinary code is left alone.

export const REDACTED = '[REDACTED]';

const TOKEN_PATTERNS: RegExp[] = [
  // PEM private keys (RSA, EC, OPENSSH, PKCS#8, encrypted), the whole block.
  /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----[\s\S]*?-----END \1PRIVATE KEY(?: BLOCK)?-----/g,
  // OpenAI / Anthropic style keys: sk-…, sk-proj-…, sk-ant-…
  /\bsk-(?:proj-|ant-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g,
  // GitHub tokens.
  /\bgh[pousr]_[A-Za-z0-9]{36,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{22,}\b/g,
  // AWS access key ids.
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  // Slack tokens.
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
  // Google API keys.
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
  // JSON Web Tokens: three base64url segments, the first two starting with `{"` encoded.
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
];

// `password = "hunter2"`, `api_key: 'abc'`, `"clientSecret": "…"`, `SECRET_TOKEN="…"`: keep the name,
// replace the quoted literal. Only quoted literals without spaces, so `password = getPassword()` and
// `passwordLabel = 'Your password'` stay; names ending in Label/Field/Placeholder… describe UI, not secrets.
const ASSIGNMENT =
  /(\b[A-Za-z0-9_]*(?:password|passwd|pwd|secret|api[_-]?key|apikey|access[_-]?token|auth[_-]?token|private[_-]?key)[A-Za-z0-9_]*["']?\s*[:=]\s*)(["'])([^"'\s]{4,})\2/gi;
const DESCRIPTIVE_NAME = /(label|field|placeholder|name|hint|message|text|title|prompt|error|regex|pattern|type|id|input|header|env|var)["']?\s*[:=]\s*$/i;

/** Replaces every secret found in `text` with `[REDACTED]`. */
export function redactSecrets(text: string): string {
  let result = text;
  for (const pattern of TOKEN_PATTERNS) result = result.replace(pattern, REDACTED);
  return result.replace(ASSIGNMENT, (whole, head: string, quote: string, value: string) =>
    value === REDACTED || DESCRIPTIVE_NAME.test(head) || /^\$\{?[A-Za-z_]/.test(value) ? whole : `${head}${quote}${REDACTED}${quote}`,
  );
}
