import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, realpathSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

export interface JavaRuntime {
  /** The JDK's folder: the value for JAVA_HOME. */
  readonly home: string;
  /** Its `java`. */
  readonly bin: string;
  readonly major: number;
}

/** The major version `bin -version` reports (`1.8` is 8), or undefined when it does not run. */
export function javaMajor(bin: string): number | undefined {
  const { stderr, stdout } = spawnSync(bin, ['-version'], { encoding: 'utf8' });
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${stderr ?? ''}${stdout ?? ''}`);
  if (!match) return undefined;
  return match[1] === '1' ? Number(match[2]) : Number(match[1]);
}

const executable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** `java` of each folder of PATH, in order. */
const onPath = (env: NodeJS.ProcessEnv) =>
  (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'java'))
    .filter(executable);

/** `<parent>/<each JDK>/<suffix>`, where the system keeps its JDKs. */
const installed = (parent: string, suffix: string) =>
  existsSync(parent)
    ? readdirSync(parent)
        .map((jdk) => join(parent, jdk, suffix))
        .filter(executable)
    : [];

/**
 * A Java of at least `minimum`: firebase-tools 15 runs its Java emulators (Firestore) on Java 21
 * or newer only, and machines often have an older one first on PATH. The `java` first on PATH
 * when it is new enough; otherwise the newest of JAVA_HOME's and the system's installed JDKs
 * (/usr/lib/jvm, /usr/java, macOS's JavaVirtualMachines). None: an error that says what to install.
 */
export function findJava(options: { minimum?: number; env?: NodeJS.ProcessEnv } = {}): JavaRuntime {
  const { minimum = 21, env = process.env } = options;
  const runtime = (bin: string, major: number): JavaRuntime => {
    const real = realpathSync(bin);
    return { home: dirname(dirname(real)), bin: real, major };
  };
  const first = onPath(env)[0];
  const firstMajor = first ? javaMajor(first) : undefined;
  if (first && firstMajor !== undefined && firstMajor >= minimum) return runtime(first, firstMajor);
  const candidates = [
    ...(env.JAVA_HOME ? [join(env.JAVA_HOME, 'bin', 'java')].filter(executable) : []),
    ...installed('/usr/lib/jvm', 'bin/java'),
    ...installed('/usr/java', 'bin/java'),
    ...installed('/Library/Java/JavaVirtualMachines', 'Contents/Home/bin/java'),
  ];
  let best: JavaRuntime | undefined;
  for (const candidate of candidates) {
    const major = javaMajor(candidate);
    if (major !== undefined && major >= minimum && (!best || major > best.major)) best = runtime(candidate, major);
  }
  if (best) return best;
  throw new Error(
    `The Firebase emulators need Java ${minimum} or newer; the Java found here is ` +
      `${first ? `${firstMajor ?? 'unknown'}, at ${first}` : 'none'}. ` +
      `Install a JDK ${minimum} or newer (for example Temurin ${minimum}), or point JAVA_HOME at one.`,
  );
}

/** `env` with `java` first on PATH and JAVA_HOME set to it. */
export function withJava(java: JavaRuntime, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, JAVA_HOME: java.home, PATH: [join(java.home, 'bin'), env.PATH].filter(Boolean).join(delimiter) };
}
