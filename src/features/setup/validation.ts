// Checks of what the user types in the setup prompts; each returns a message or undefined. Pure.

/** Validates a user-typed base URL; returns a message for the input box or undefined when fine. */
export function baseUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return 'Enter a URL such as http://127.0.0.1:8000/v1';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'The URL must start with http:// or https://';
  if (url.username || url.password) return 'Put credentials in Set API Key, not in the URL';
  if (/\/(chat\/)?completions\/?$/.test(url.pathname)) return 'Give the base URL, without /chat/completions';
  return undefined;
}

export function apiKeyProblem(key: string): string | undefined {
  if (!key.trim()) return 'The key is empty';
  if (/\s/.test(key.trim())) return 'An API key has no spaces or line breaks';
  return undefined;
}
