import * as assert from 'assert';
import { DEFAULT_CONFIG } from '../../src/common/config';
import { createExclusionMatcher } from '../../src/common/exclusions';

describe('exclusions', () => {
  const isExcluded = createExclusionMatcher(DEFAULT_CONFIG.exclude);

  it('excludes secrets with the default globs, relative and absolute, both slash styles', () => {
    const excluded = [
      '.env',
      '.env.local',
      'app/.env.production',
      '/home/me/project/.env',
      'C:\\Users\\me\\project\\.env',
      'certs/server.pem',
      '/etc/ssl/private/server.key',
      '.ssh/id_rsa',
      '/home/me/.ssh/id_rsa.pub',
      'config/secrets/db.yaml',
      '/srv/app/secrets/nested/token.txt',
      'D:\\work\\secrets\\a.json',
      '.config/secrets/x',
    ];
    for (const path of excluded) assert.ok(isExcluded(path), path);
  });

  it('keeps ordinary files', () => {
    const kept = ['src/env.ts', 'src/environment.ts', 'docs/keys.md', 'src/secretsManager.ts', 'README.md', '/home/me/project/src/index.ts', 'C:\\p\\src\\main.py', 'keyboard.key.ts'];
    for (const path of kept) assert.ok(!isExcluded(path), path);
  });

  it('matches workspace-relative globs inside absolute paths', () => {
    const matcher = createExclusionMatcher(['generated/**', 'src/**/*.snap']);
    assert.ok(matcher('/home/me/project/generated/api.ts'));
    assert.ok(matcher('src/a/b/c.snap'));
    assert.ok(!matcher('/home/me/project/src/a.ts'));
  });

  it('excludes nothing with no globs and ignores blank ones', () => {
    assert.ok(!createExclusionMatcher([])('.env'));
    assert.ok(!createExclusionMatcher(['  '])('.env'));
  });
});
