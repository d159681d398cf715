import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findJava, javaMajor, withJava } from '../src/emulator/java-runtime.js';

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A JDK folder whose `java -version` says `version`, as a real one prints it (on stderr). */
function fakeJdk(version: string) {
  const home = mkdtempSync(join(tmpdir(), 'jdk-'));
  scratch.push(home);
  mkdirSync(join(home, 'bin'));
  const java = join(home, 'bin', 'java');
  writeFileSync(java, `#!/bin/sh\necho 'openjdk version "${version}" 2025-04-15' >&2\n`);
  chmodSync(java, 0o755);
  return home;
}

describe('findJava (unit)', () => {
  it('reads the major of either version scheme', () => {
    expect(javaMajor(join(fakeJdk('17.0.15'), 'bin/java'))).toBe(17);
    expect(javaMajor(join(fakeJdk('1.8.0_392'), 'bin/java'))).toBe(8);
    expect(javaMajor('/nonexistent/java')).toBeUndefined();
  });

  it('takes the java first on PATH when it is new enough', () => {
    const jdk = fakeJdk('21.0.2');
    expect(findJava({ env: { PATH: join(jdk, 'bin') } })).toMatchObject({ home: jdk, major: 21 });
  });

  it('looks past an older java first on PATH: JAVA_HOME or an installed JDK, the newest', () => {
    const old = fakeJdk('17.0.15');
    const newer = fakeJdk('99.0.1');
    const found = findJava({ env: { PATH: join(old, 'bin'), JAVA_HOME: newer } });
    expect(found).toMatchObject({ home: newer, major: 99 });
    expect(withJava(found, { PATH: '/usr/bin' })).toEqual({ JAVA_HOME: newer, PATH: `${join(newer, 'bin')}:/usr/bin` });
  });

  it('says what to install when no Java is new enough', () => {
    const old = fakeJdk('17.0.15');
    expect(() => findJava({ minimum: 200, env: { PATH: join(old, 'bin') } })).toThrow(
      /need Java 200 or newer; the Java found here is 17, at .*Install a JDK 200 or newer/,
    );
  });
});
