// The code behind the setup commands (registered in index.ts): presets, API keys, Test Endpoint,
// the usage report, the chat view's setup panel and first-run detection. A bundle of its own
// (dist/setup.js), loaded on the first command.
export { clearApiKey, setApiKey, type SetApiKeyArgs } from './apiKeyCommands';
export { chooseEndpoint, type ChooseEndpointArgs } from './chooseEndpoint';
export { detectAndOffer } from './firstRun';
export { runSetupAction, setupPanelView } from './setupPanel';
export { showUsage } from './showUsage';
export { testEndpoint, type TestEndpointArgs } from './testEndpoint';
