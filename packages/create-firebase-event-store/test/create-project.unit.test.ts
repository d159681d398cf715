import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ENV } from '@firebase-event-store/functions';
import { createProject } from '../src/create-project.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const TEMPLATE = new URL('../template/', import.meta.url).pathname;
const scratch: string[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'create-'));
  scratch.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('createProject', () => {
  it('names the project after its folder and asks for the scaffold’s own version of each package', () => {
    const { name, directory } = createProject({ directory: join(folder(), 'shop-list') });
    expect(name).toBe('shop-list');
    const manifest = JSON.parse(readFileSync(join(directory, 'functions/package.json'), 'utf8')) as {
      name: string;
      dependencies: Record<string, string>;
    };
    expect(manifest.name).toBe('shop-list-functions');
    expect(manifest.dependencies['@firebase-event-store/functions']).toBe('^0.1.0');
    expect(readFileSync(join(directory, 'package.json'), 'utf8')).toContain('--project demo-shop-list');
    expect(existsSync(join(directory, 'functions/.env'))).toBe(true);
    expect(existsSync(join(directory, 'functions/_env'))).toBe(false);
  });

  it.each(['My App', 'a', '-app', 'app_1'])('refuses the name %j, writing nothing', (name) => {
    const directory = join(folder(), 'x');
    expect(() => createProject({ directory, name })).toThrow(/cannot name a project/);
    expect(existsSync(directory)).toBe(false);
  });

  it('refuses a folder that is not empty, leaving it as it was', () => {
    const directory = folder();
    writeFileSync(join(directory, 'keep.txt'), 'mine');
    expect(() => createProject({ directory, name: 'app' })).toThrow(/is not empty/);
    expect(existsSync(join(directory, 'firebase.json'))).toBe(false);
  });

  it('refuses a tarball folder that lacks a package, writing nothing', () => {
    const tarballs = folder();
    const directory = join(folder(), 'app');
    expect(() => createProject({ directory, packages: { tarballs } })).toThrow(
      /No tarball of @firebase-event-store\/kernel/,
    );
    expect(existsSync(directory)).toBe(false);
  });
});

describe('the template stays in step with the packages', () => {
  it('ships the functions’ default configuration', () => {
    expect(readFileSync(join(TEMPLATE, 'functions/_env'), 'utf8')).toBe(DEFAULT_ENV);
  });
  it('ships the Firestore indexes the store needs', () => {
    expect(readFileSync(join(TEMPLATE, 'firestore.indexes.json'), 'utf8')).toBe(
      readFileSync(join(ROOT, 'firestore.indexes.json'), 'utf8'),
    );
  });
  it('runs the Emulator Suite with the firebase-tools this repository pins, through the testing kit', () => {
    const manifest = (file: string) =>
      JSON.parse(readFileSync(file, 'utf8')) as {
        scripts: Record<string, string>;
        devDependencies: Record<string, string>;
      };
    const template = manifest(join(TEMPLATE, 'package.json'));
    expect(template.devDependencies['firebase-tools']).toBe(
      manifest(join(ROOT, 'scripts/firebase-tools/package.json')).devDependencies['firebase-tools'],
    );
    expect(template.devDependencies['@firebase-event-store/testing']).toBe('__PACKAGES__');
    expect(template.scripts.start).toContain('firebase-event-store-emulators');
  });
  it('runs on the same Cloud Functions runtime', () => {
    const runtime = (file: string) =>
      (JSON.parse(readFileSync(file, 'utf8')) as { functions: { runtime: string }[] }).functions[0]!.runtime;
    expect(runtime(join(TEMPLATE, 'firebase.json'))).toBe(runtime(join(ROOT, 'firebase.json')));
  });
});
