import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JavaRuntime } from './java-runtime.js';

/** Google's Firestore emulator jar, as the Cloud SDK installs it. */
export const CLOUD_SDK_FIRESTORE_JAR =
  process.env.FIRESTORE_EMULATOR_JAR ??
  '/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar';

/**
 * What firebase-tools should run as its Firestore emulator, or undefined for its own.
 * firebase-tools downloads its own jar on first use, which fails offline. When that jar is not in
 * its cache (and FIRESTORE_EMULATOR_BINARY_PATH names none) and the Cloud SDK's is installed, it
 * is given the installed one through a tiny launcher jar of our own: firebase-tools chmods the
 * path it is given, so never the system's jar itself.
 */
export function firestoreEmulatorBinary(
  firebaseToolsDir: string,
  java: JavaRuntime,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (env.FIRESTORE_EMULATOR_BINARY_PATH) return env.FIRESTORE_EMULATOR_BINARY_PATH;
  const info = JSON.parse(
    readFileSync(join(firebaseToolsDir, 'lib/emulator/downloadableEmulatorInfo.json'), 'utf8'),
  ) as { firestore: { downloadPathRelativeToCacheDir: string } };
  const cache = env.FIREBASE_EMULATORS_PATH ?? join(homedir(), '.cache/firebase/emulators');
  if (existsSync(join(cache, info.firestore.downloadPathRelativeToCacheDir))) return undefined;
  if (!existsSync(CLOUD_SDK_FIRESTORE_JAR)) return undefined; // firebase-tools downloads its own: that needs internet
  const dir = join(tmpdir(), `firebase-event-store-${process.getuid?.() ?? 'user'}`);
  const launcher = join(dir, 'firestore-launcher.jar');
  if (existsSync(launcher)) return launcher;
  mkdirSync(dir, { recursive: true });
  // Built beside and renamed into place: two harnesses starting at once never read half a jar.
  const work = mkdtempSync(join(dir, 'launcher-'));
  writeFileSync(
    join(work, 'manifest.txt'),
    `Main-Class: com.google.cloud.datastore.emulator.firestore.CloudFirestore\nClass-Path: file:${CLOUD_SDK_FIRESTORE_JAR}\n`,
  );
  execFileSync(join(java.home, 'bin', 'jar'), ['cfm', join(work, 'launcher.jar'), join(work, 'manifest.txt')]);
  renameSync(join(work, 'launcher.jar'), launcher);
  rmSync(work, { recursive: true, force: true });
  return launcher;
}
