// Onboarding inside real VS Code: the walkthrough is contributed with its media, and while the
// endpoint needs a key it lacks, nothing is sent (the job is told to set the key) and the chat
// view's setup panel is offered; a stored key ends setup.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SetupView } from '../../../src/common/chat/setupPanel';
import { activeGearshift, gearshift, mock, waitFor, withSettings } from './helpers';

interface Walkthrough {
  id: string;
  steps: { id: string; media: { markdown: string }; completionEvents: string[] }[];
}

const OPENAI = 'https://api.openai.com/v1';

describe('onboarding: walkthrough, setup panel, no keyless requests', function () {
  this.timeout(60_000);

  before(async () => {
    await activeGearshift();
  });

  it('contributes the setup walkthrough: endpoint, key, test, inline, chat, docs/refactor, each with its page', () => {
    const walkthroughs = (gearshift().packageJSON as { contributes: { walkthroughs: Walkthrough[] } }).contributes.walkthroughs;
    const setup = walkthroughs.find((walkthrough) => walkthrough.id === 'gearshift.setup');
    assert.ok(setup, 'no gearshift.setup walkthrough');
    assert.deepStrictEqual(setup.steps.map((step) => step.id), ['endpoint', 'key', 'test', 'inline', 'chat', 'rewrites']);
    for (const step of setup.steps) {
      const media = path.join(gearshift().extensionPath, step.media.markdown);
      assert.ok(fs.readFileSync(media, 'utf8').startsWith('# '), `${step.media.markdown} is missing or empty`);
      assert.ok(step.completionEvents.length > 0, `${step.id} never completes`);
    }
  });

  it('Open Setup Walkthrough opens it in the workbench', async () => {
    await vscode.commands.executeCommand('gearshift.openWalkthrough');
    await waitFor('the walkthrough editor', () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((tab) => /Gearshift|Walkthrough|Welcome/i.test(tab.label)), 10_000);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  describe('unconfigured (the default OpenAI URL, no key)', () => {
    let restore: () => Promise<void>;

    before(async () => {
      restore = await withSettings({ 'gearshift.endpoint.baseUrl': OPENAI });
    });
    after(async () => {
      await vscode.commands.executeCommand('gearshift.clearApiKey', { endpointId: OPENAI });
      await restore();
    });

    it('Test Endpoint sends nothing and asks for the key (offline, a real request would fail with a network error)', async () => {
      await mock.reset();
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('gearshift.testEndpoint', { model: 'gpt-4.1-mini' })),
        /No API key is set for api\.openai\.com.*nothing was sent/,
      );
      assert.deepStrictEqual(await mock.requests(), []);
    });

    it('the chat setup panel explains why and offers presets; a stored key ends setup', async () => {
      const panel = await waitFor('the setup panel', async () => vscode.commands.executeCommand<SetupView | undefined>('gearshift.setup.panel'));
      assert.match(panel.reason, /api\.openai\.com needs an API key/);
      assert.ok(panel.presets.some((preset) => preset.id === 'openai'), JSON.stringify(panel.presets));

      await vscode.commands.executeCommand('gearshift.setApiKey', { key: 'sk-onboarding-0123456789', endpointId: OPENAI });
      await waitFor('setup to end', async () => (await vscode.commands.executeCommand<SetupView | undefined>('gearshift.setup.panel')) === undefined);
    });
  });

  it('a local endpoint (the mock) needs no key: no setup panel', async () => {
    assert.strictEqual(await vscode.commands.executeCommand('gearshift.setup.panel'), undefined);
  });
});
