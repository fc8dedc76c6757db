// Server profiles for the local test server: `startMockServer({ profile: serverProfile('llamacpp') })`
// or `npm run mock-endpoint -- --profile llamacpp`. Each module cites the documents it follows.
import { llamaCppProfile, type LlamaCppOptions } from './llamacpp';
import { lmStudioProfile, type LmStudioOptions } from './lmstudio';
import { ollamaProfile, type OllamaOptions } from './ollama';
import { openAiProfile, type OpenAiOptions } from './openai';
import { openRouterProfile, type OpenRouterOptions } from './openrouter';
import type { ProfileName, ServerProfile } from './types';
import { vllmProfile, type VllmOptions } from './vllm';

export { PROFILE_NAMES, isProfileName, type ProfileName, type ServerProfile } from './types';

export interface ProfileOptions {
  llamacpp: LlamaCppOptions;
  vllm: VllmOptions;
  ollama: OllamaOptions;
  lmstudio: LmStudioOptions;
  openrouter: OpenRouterOptions;
  openai: OpenAiOptions;
}

const FACTORIES: { [K in ProfileName]: (options: ProfileOptions[K]) => ServerProfile } = {
  llamacpp: llamaCppProfile,
  vllm: vllmProfile,
  ollama: ollamaProfile,
  lmstudio: lmStudioProfile,
  openrouter: openRouterProfile,
  openai: openAiProfile,
};

export function serverProfile<K extends ProfileName>(name: K, options: ProfileOptions[K] = {}): ServerProfile {
  return FACTORIES[name](options);
}

/** The model id each profile serves by default (llama.cpp's is a file path, as on the real server). */
export const PROFILE_MODELS: Record<ProfileName, string> = {
  llamacpp: 'models/tiny-random.gguf',
  vllm: 'Qwen/Qwen2.5-Coder-1.5B',
  ollama: 'qwen2.5-coder:7b-base',
  lmstudio: 'qwen2.5-coder-7b-instruct',
  openrouter: 'qwen/qwen-2.5-coder-32b-instruct',
  openai: 'gpt-4.1-mini',
};
