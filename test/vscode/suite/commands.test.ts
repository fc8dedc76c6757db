// Every command the manifest contributes is registered once the extension is active.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activeGearshift } from './helpers';

describe('Gearshift commands', () => {
  it('registers every command in contributes.commands', async () => {
    const extension = await activeGearshift();
    const contributed: string[] = extension.packageJSON.contributes.commands.map((entry: { command: string }) => entry.command);
    assert.ok(contributed.length > 0, 'the manifest contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((command) => !registered.has(command));
    assert.deepStrictEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });
});
