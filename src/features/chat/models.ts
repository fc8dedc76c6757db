// The chat's model picker: the fast and large tiers plus every other configured model name.
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

export function modelOptions(config: GearshiftConfig): ModelOption[] {
  const options: ModelOption[] = [
    { id: 'fast', label: `Fast · ${config.models.fast}` },
    { id: 'large', label: `Large · ${config.models.large}` },
  ];
  for (const name of [config.models.chat, ...Object.keys(config.models.overrides)]) {
    const trimmed = name.trim();
    if (trimmed && !options.some((option) => option.id === trimmed || option.label.endsWith(` · ${trimmed}`))) options.push({ id: trimmed, label: trimmed });
  }
  return options;
}

/** The stored pick when it is still offered, else the configured chat default, else fast. */
export function effectiveSelection(config: GearshiftConfig, stored: string | undefined): string {
  const ids = modelOptions(config).map((option) => option.id);
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
