// Helpers over the endpoint presets (their data lives in common/endpointPresets, which the key
// check also reads).
import { PRESETS, type EndpointPreset } from '../../common/endpointPresets';

export { PRESETS, type EndpointPreset, type PresetId } from '../../common/endpointPresets';

export function findPreset(id: string): EndpointPreset | undefined {
  return PRESETS.find((preset) => preset.id === id);
}

/** Azure resource names: lowercase letters, digits and hyphens (2–64), as the portal enforces. */
export function azureBaseUrl(resource: string): string {
  const name = resource.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9-]{1,63}$/.test(name)) {
    throw new Error(`"${resource}" is not an Azure resource name (letters, digits and hyphens)`);
  }
  return `https://${name}.openai.azure.com/openai/v1`;
}

/** Parameter count in billions from names like `qwen2.5-coder:7b`, `Qwen2.5-Coder-1.5B-Instruct`. */
export function parameterBillions(model: string): number | undefined {
  const match = /(?:^|[^a-z0-9.])(\d+(?:\.\d+)?)b(?![a-z])/i.exec(model);
  return match ? Number(match[1]) : undefined;
}

/**
 * Picks tier models from what a server actually has: the preset's models when present, otherwise
 * code models first, the smallest for the fast tier and the largest for the large tier.
 */
export function pickModels(available: string[], preset: Pick<EndpointPreset, 'fast' | 'large'>): { fast: string; large: string } {
  if (available.length === 0) return { fast: preset.fast, large: preset.large };
  const has = (name: string): boolean => available.includes(name);
  const coders = available.filter((name) => /cod(e|er|ing)|starcoder|codestral/i.test(name));
  const pool = coders.length ? coders : available;
  const bySize = [...pool].sort((a, b) => (parameterBillions(a) ?? 1e9) - (parameterBillions(b) ?? 1e9));
  const largest = [...pool].sort((a, b) => (parameterBillions(b) ?? -1) - (parameterBillions(a) ?? -1))[0];
  return {
    fast: has(preset.fast) ? preset.fast : bySize[0],
    large: has(preset.large) ? preset.large : largest,
  };
}
