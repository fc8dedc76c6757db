// The maintained rule set: secretlint's recommended preset (AWS, GCP, GitHub, Slack, npm, SendGrid,
// private keys, basic-auth and database URLs, …). Async and heavier than the fast rules, so it runs
// off the keystroke path: per document version in the extension, once per file in jobs and the CLI.
// Its findings become literal values that the gate's fast path then redacts wherever they appear.
import type { SecretLintCoreConfig } from '@secretlint/types';

type Core = typeof import('@secretlint/core');

let loaded: Promise<{ lintSource: Core['lintSource']; config: SecretLintCoreConfig }> | undefined;

function load() {
  loaded ??= (async () => {
    const [core, preset] = await Promise.all([import('@secretlint/core'), import('@secretlint/secretlint-rule-preset-recommend')]);
    const config: SecretLintCoreConfig = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: preset.creator }] };
    return { lintSource: core.lintSource, config };
  })();
  return loaded;
}

/** Shorter matches would redact ordinary words wherever they appear. */
const MIN_LITERAL = 8;

/** The secret values secretlint finds in `text` (quotes trimmed), for the gate to redact. */
export async function findSecretLiterals(text: string, filePath = 'input.txt'): Promise<string[]> {
  const { lintSource, config } = await load();
  const result = await lintSource({
    source: { filePath, content: text, ext: filePath.slice(filePath.lastIndexOf('.')), contentType: 'text' },
    options: { config },
  });
  const literals = new Set<string>();
  for (const message of result.messages) {
    const literal = text.slice(message.range[0], message.range[1]).replace(/^["'`]+|["'`]+$/g, '');
    if (literal.length >= MIN_LITERAL) literals.add(literal);
  }
  return [...literals];
}
