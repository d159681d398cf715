import { describe, expect, it } from 'vitest';
import { testProject } from './cli-test-project.test.js';
import { UsageError } from './cli-error.js';
import { resolveProjectId } from './project-id.js';

describe('the project a command works on (unit)', () => {
  const withRc = testProject({ 'firebase.json': '{}', '.firebaserc': '{ "projects": { "default": "demo-from-rc" } }' });
  const withoutRc = testProject({ 'firebase.json': '{}' });

  it('--project first, then a non-empty GCLOUD_PROJECT, then .firebaserc', () => {
    expect(resolveProjectId('given', { GCLOUD_PROJECT: 'env' }, withRc)).toBe('given');
    expect(resolveProjectId(undefined, { GCLOUD_PROJECT: 'env' }, withRc)).toBe('env');
    expect(resolveProjectId(undefined, {}, withRc)).toBe('demo-from-rc');
  });

  it('an empty GCLOUD_PROJECT counts as unset (it once named the project "")', () => {
    expect(resolveProjectId(undefined, { GCLOUD_PROJECT: '' }, withRc)).toBe('demo-from-rc');
    expect(() => resolveProjectId(undefined, { GCLOUD_PROJECT: '' }, withoutRc)).toThrow(UsageError);
  });

  it('none anywhere: a usage error that says how to name one', () => {
    expect(() => resolveProjectId(undefined, {}, withoutRc)).toThrow(/pass --project <id>, set GCLOUD_PROJECT/);
  });
});
