// The chat's model picker: the fast and large tiers plus every other model configured or listed by the endpoint.
import type { GearshiftConfig } from '../../common/config';
import type { ModelOption } from '../../common/chat/protocol';
import type { Tier } from '../../common/llm';

export interface ChatRoute {
  tier: Tier;
  model: string;
  /** Only the fast tier escalates; a model the user named is used as named (context is trimmed instead). */
  allowEscalation: boolean;
}

/** Chat answers need room: the fast tier's default output cap (sized for inline) is raised to this. */
export const CHAT_MIN_OUTPUT_TOKENS = 4096;

/**
 * The picker: the fast and large tiers first, then every other model — the configured chat model,
 * catalog overrides, and what the endpoint lists (`listed`) — each once.
 */
export function modelOptions(config: GearshiftConfig, listed: readonly string[] = []): ModelOption[] {
  const options: ModelOption[] = [
    { id: 'fast', label: `Fast · ${config.models.fast}`, group: 'Fast' },
    { id: 'large', label: `Large · ${config.models.large}`, group: 'Large' },
  ];
  const seen = new Set(['fast', 'large', config.models.fast, config.models.large]);
  for (const name of [config.models.chat, ...Object.keys(config.models.overrides), ...listed]) {
    const trimmed = name.trim();
    if (!trimmed || seen.has(trimmed)) continue;
    seen.add(trimmed);
    options.push({ id: trimmed, label: trimmed, group: 'Other' });
  }
  return options;
}

/** The stored pick when it is still offered, else the configured chat default, else fast. */
export function effectiveSelection(config: GearshiftConfig, stored: string | undefined, listed: readonly string[] = []): string {
  const ids = modelOptions(config, listed).map((option) => option.id);
  if (stored && ids.includes(stored)) return stored;
  const configured = config.models.chat.trim();
  return ids.includes(configured) ? configured : 'fast';
}

export function routeFor(config: GearshiftConfig, selection: string): ChatRoute {
  if (selection === 'large') return { tier: 'large', model: config.models.large, allowEscalation: false };
  if (selection === 'fast') return { tier: 'fast', model: config.models.fast, allowEscalation: true };
  return { tier: 'fast', model: selection, allowEscalation: false };
}

export function chatOutputTokens(config: GearshiftConfig, tier: Tier, modelMaxOutput: number): number {
  return Math.min(Math.max(config.maxTokens[tier], CHAT_MIN_OUTPUT_TOKENS), modelMaxOutput);
}
