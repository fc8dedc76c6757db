// Which of a server's models suits which role: inline wants a model trained for fill-in-the-middle
// (a base or coder model with FIM tokens), chat and docs want an instruction-tuned one. A base
// model is good at ghost text and poor at conversation; an instruct model the other way round.
// Pure: names, the catalog and a probe verdict when Test Endpoint already ran.
import { lookupModel } from '../../common/catalog';
import type { ModelOverride } from '../../common/config';
import type { ProbeResult } from '../../common/llm';
import { parameterBillions, pickModels, type EndpointPreset } from './presets';

export interface ModelTraits {
  /** Can fill the middle: a FIM transport answered in a probe, or a FIM family / base model by name. */
  fim: boolean;
  /** The name says base model (not instruction-tuned): poor at chat. */
  base: boolean;
  /** The name or the catalog says instruction-tuned / chat model. */
  instruct: boolean;
  /** Why, in a few words for the picker. */
  why: string;
}

export interface RoleSuggestions {
  inline: string;
  fast: string;
  large: string;
}

/** Probe results by model, when Test Endpoint ran for this endpoint. */
export type ProbeLookup = (model: string) => ProbeResult | undefined;

const BASE = /(?:^|[-_:./])base(?:$|[-_:./])/i;
const INSTRUCT = /instruct|chat|(?:^|[-_:.])it(?:$|[-_:.])|assistant/i;
const CODER = /cod(?:e|er|ing)|starcoder|codestral/i;

export function modelTraits(model: string, overrides: Record<string, ModelOverride> = {}, probe?: ProbeResult): ModelTraits {
  const { info, known } = lookupModel(model, overrides);
  // The catalog's guess for unknown names is "chat-only"; only a known entry says so for real.
  const chatOnly = known && info.chatOnly;
  const base = BASE.test(model);
  const instruct = !base && (INSTRUCT.test(model) || chatOnly);
  const tuned = instruct ? ', instruction-tuned' : '';
  const verdict = probe && Object.entries(probe.transports).find(([transport, outcome]) => transport !== 'chat' && outcome?.ok);
  if (verdict) return { fim: true, base, instruct, why: `Test Endpoint: fill-in-the-middle works (${verdict[0]})${tuned}` };
  if (probe && Object.keys(probe.transports).length > 0) return { fim: false, base, instruct, why: `Test Endpoint: no fill-in-the-middle transport worked${tuned}` };
  if (chatOnly) return { fim: false, base, instruct, why: 'chat model: no fill-in-the-middle' };
  if (base) return { fim: true, base, instruct, why: 'base model: trained for fill-in-the-middle, poor at chat' };
  if (info.fimFormat !== 'none') return { fim: true, base, instruct, why: `code model with a known FIM template (${info.fimFormat})${tuned}` };
  if (CODER.test(model)) return { fim: true, base, instruct, why: `code model${tuned}` };
  return { fim: false, base, instruct, why: instruct ? 'instruction-tuned' : 'no sign of fill-in-the-middle training' };
}

/**
 * Suggestions per role from what the server lists: inline gets the smallest FIM-capable model
 * (base models first); fast (chat) and large keep the tier picks unless those are base models and
 * the server has others (instruction-tuned coders first).
 */
export function suggestRoles(available: string[], preset: Pick<EndpointPreset, 'fast' | 'large'>, overrides: Record<string, ModelOverride> = {}, probes: ProbeLookup = () => undefined): RoleSuggestions {
  const tiers = pickModels(available, preset);
  if (available.length === 0) return { inline: tiers.fast, ...tiers };
  const traits = new Map(available.map((name) => [name, modelTraits(name, overrides, probes(name))]));
  const smallestFirst = (names: string[]) => [...names].sort((a, b) => (parameterBillions(a) ?? 1e9) - (parameterBillions(b) ?? 1e9));
  const largestFirst = (names: string[]) => [...names].sort((a, b) => (parameterBillions(b) ?? -1) - (parameterBillions(a) ?? -1));
  const fim = available.filter((name) => traits.get(name)!.fim);
  const notBase = available.filter((name) => !traits.get(name)!.base);
  const instructCoders = notBase.filter((name) => traits.get(name)!.instruct && CODER.test(name));
  const instruct = notBase.filter((name) => traits.get(name)!.instruct);
  const forChat = (tierPick: string, order: (names: string[]) => string[]) => {
    if (!traits.get(tierPick)?.base) return tierPick;
    return order(instructCoders)[0] ?? order(instruct)[0] ?? order(notBase)[0] ?? tierPick;
  };
  return {
    inline: smallestFirst(fim.filter((name) => traits.get(name)!.base))[0] ?? smallestFirst(fim)[0] ?? tiers.fast,
    fast: forChat(tiers.fast, smallestFirst),
    large: forChat(tiers.large, largestFirst),
  };
}
