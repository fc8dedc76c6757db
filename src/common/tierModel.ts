// Which model a job uses on a tier: the router asks it for every job, and the inline provider and
// the probe ask it without loading the router (src/common/routerImpl.ts is loaded on first use).
import type { GearshiftConfig } from './config';
import type { Job, Tier } from './llm';

/** The model a job uses on a tier when the caller did not pick one. */
export function modelForTier(config: GearshiftConfig, job: Job, tier: Tier): { model: string; reason: string } {
  const chat = config.models.chat.trim();
  if (job === 'chat' && tier === 'fast' && chat !== '' && chat !== 'fast' && chat !== 'large') {
    return { model: chat, reason: 'chat default model (gearshift.models.chat)' };
  }
  const inline = config.models.inline.trim();
  if (job === 'inline' && tier === 'fast' && inline !== '' && inline !== 'fast') return { model: inline, reason: 'inline model (gearshift.models.inline)' };
  return { model: config.models[tier], reason: `${tier} tier model` };
}
