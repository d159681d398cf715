/**
 * The Functions emulator never fires v2 scheduled functions: this runs `readPending` (the
 * scheduled reader) through the emulator's trigger endpoint, as the schedule would.
 */
export const runReadPending = (functionsHost: string, project: string) =>
  fetch(`http://${functionsHost}/functions/projects/${project}/triggers/us-central1-readPending-0`, { method: 'POST' });
