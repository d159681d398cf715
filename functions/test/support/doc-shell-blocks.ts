import { expect } from 'vitest';

/** How many times the pattern matches, with its own flags (m, i) kept. */
const count = (output: string, pattern: RegExp) =>
  output.match(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`))?.length ?? 0;

/**
 * Every shell block of the README and docs/ that a test runs, by its first line: what it must
 * print when run as printed against `npm start` in a fresh clone (functions/test/e2e/run-command.e2e.test.ts
 * runs them). A block that is not here says why before its fence (`<!-- needs a real project -->`,
 * `<!-- not run: ... -->`); a unit test (docs-checks) holds every block to one or the other.
 */
export const RUN_BLOCKS: Readonly<Record<string, (output: string) => void>> = {
  "# the sample: Calculator's ClaimCalculator records CalculatorClaimed { ownerId, displayName },": (output) => {
    expect(output).toContain('"displayName": "Bob Babbage"');
    expect(output).toContain('"sealedWith"');
    expect(output).toMatch(/"alreadyForgotten": ?false/);
    expect(output).toContain('"displayName": "[forgotten]"');
    expect(output).toMatch(/"alreadyForgotten": ?true/);
  },
  'API=http://127.0.0.1:5001/demo-event-store/us-central1/api   # or http://127.0.0.1:5000/api (Hosting); deployed: https://<your site>/api':
    (output) => {
      expect(count(output, /^HTTP\/1\.1 200 OK/m)).toBe(3);
      expect(output).toMatch(/^ETag: "1"/im); // calc1 is new in the seed: its first version
      expect(count(output, /^ETag: "2"/im)).toBe(2); // the If-Match command, then its replay
      expect(count(output, /^Idempotent-Replayed: true/im)).toBe(1);
      expect(JSON.parse(output.slice(output.lastIndexOf('\n{') + 1))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    },
  "# npm start's Auth emulator (a demo- project): a user's tenant and roles, by email or by uid": (output) => {
    const lines = output.trim().split('\n');
    expect(lines).toHaveLength(2); // the middle command's output went into $uid
    for (const line of lines)
      expect(JSON.parse(line)).toMatchObject({ claims: { tenant: 'globex', roles: ['user', 'manager'] } });
  },
  'npx firebase-event-store readers lag --tenant acme': (output) => {
    expect(output).toContain('"handler": "EventCounter"');
  },
};
