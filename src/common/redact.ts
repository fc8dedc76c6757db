// Removes secrets from text that lands in a log or an error message. What leaves the machine goes
// through the outbound gate (gate.ts), which uses the same rules plus the maintained rule set.
import { redactText } from './secrets/scan';

export { REDACTED } from './secrets/scan';

/** Replaces every secret the fast rules find in `text` with `[REDACTED]`. */
export function redactSecrets(text: string): string {
  return redactText(text);
}
