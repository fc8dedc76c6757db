// UI smoke: the rig can drive the workbench like a user (Quick Open, typing, saving, the command
// palette, the activity bar) — the helpers every feature's UI checks build on.
import * as assert from 'node:assert';
import { openActivityBarView, openFile, press, runCommand, saveAndRead, typeText, webviewFrame, type UiContext } from './helpers';

export async function typesIntoAFileOpenedWithQuickOpen({ page, workspace }: UiContext): Promise<void> {
  await openFile(page, 'src/scratch.ts');
  await press(page, 'Control+End');
  await typeText(page, '\nconst typedByTheRig = 42;');
  const saved = await saveAndRead(page, workspace, 'src/scratch.ts');
  assert.match(saved, /\nconst typedByTheRig = 42;$/);
}

export async function runsACommandFromThePalette({ page }: UiContext): Promise<void> {
  await runCommand(page, 'View: Toggle Status Bar Visibility');
  await page.locator('.part.statusbar').waitFor({ state: 'hidden' });
  await runCommand(page, 'View: Toggle Status Bar Visibility');
  await page.locator('.part.statusbar').waitFor({ state: 'visible' });
}

export async function showsTheGearshiftViewContainer({ page }: UiContext): Promise<void> {
  await openActivityBarView(page, 'Gearshift');
  // One view in the container: its name shows in the side bar's title instead of a pane header.
  await page.locator('.part.sidebar .composite.title', { hasText: /Gearshift: Chat/i }).waitFor();
  // Let the chat page finish loading (it focuses its input when it does), then go back.
  await webviewFrame(page, 'textarea', 30_000);
  await openActivityBarView(page, 'Explorer');
}
