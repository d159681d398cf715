/** What the operator tools share: the project and help options, the usage exit, the demo- guard. */

export const commonOptions = {
  project: { type: 'string', default: process.env.GCLOUD_PROJECT ?? 'demo-event-store' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Prints the usage and exits when help was asked for (0) or the arguments fall short (2). */
export function usageUnless(complete: boolean, help: boolean | undefined, usage: string) {
  if (help || !complete) {
    console.log(usage);
    process.exit(help ? 0 : 2);
  }
}

/** A demo- project exists only in the emulators: without one, refuse rather than reach the network. */
export function refuseDemoWithoutEmulator(project: string, emulator: string | undefined) {
  if (!emulator && project.startsWith('demo-')) {
    console.error('A demo- project exists only in the emulators: pass --emulator host:port');
    process.exit(2);
  }
}
