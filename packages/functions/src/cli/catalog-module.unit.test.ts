import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCatalogModule } from './catalog-module.js';
import { EMPTY_CATALOG, testProject } from './cli-test-project.test.js';

describe("the default catalog: the built one of the nearest firebase.json's functions folder (unit)", () => {
  it('the scaffold: functions/lib/catalog.js, found from a folder nested below the project', () => {
    const root = testProject({
      'firebase.json': JSON.stringify({ functions: [{ source: 'functions', codebase: 'default' }] }),
      'functions/lib/catalog.js': EMPTY_CATALOG,
    });
    const nested = join(root, 'functions', 'src', 'deep');
    mkdirSync(nested, { recursive: true });
    expect(defaultCatalogModule(nested)).toBe(join(root, 'functions/lib/catalog.js'));
  });

  it("the reference project: an isolate-package deploy folder reads the workspace package's own build", () => {
    const root = testProject({
      'firebase.json': JSON.stringify({ functions: [{ source: 'functions/isolate' }] }),
      'functions/isolate.config.json': '{ "buildDirName": "lib" }',
      'functions/lib/catalog.js': EMPTY_CATALOG,
    });
    expect(defaultCatalogModule(join(root, 'web'))).toBe(join(root, 'functions/lib/catalog.js'));
  });

  it('a functions object rather than a list of codebases', () => {
    const root = testProject({
      'firebase.json': JSON.stringify({ functions: { source: 'backend' } }),
      'backend/lib/catalog.js': EMPTY_CATALOG,
    });
    expect(defaultCatalogModule(root)).toBe(join(root, 'backend/lib/catalog.js'));
  });

  it('not built, or no firebase.json: a usage error naming what to do', () => {
    const unbuilt = testProject({ 'firebase.json': JSON.stringify({ functions: [{ source: 'functions' }] }) });
    expect(() => defaultCatalogModule(unbuilt)).toThrow(/no built catalog at .*functions\/lib\/catalog\.js: build/);
    const bare = testProject({ 'README.md': '' });
    expect(() => defaultCatalogModule(bare)).toThrow(/no firebase\.json in .* or above it: pass --catalog/);
  });
});
