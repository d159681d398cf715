/**
 * The keystroke calculators the seed fills (emulator-data/), one per tenant, as the keys a user
 * types: the PWA opens on their id, so a seeded user sees a calculator with its history.
 */
export const SAMPLE_KEYSTROKES = {
  acme: { id: 'keys-1', keys: '1+2-3*5=' },
  globex: { id: 'keys-1', keys: '4*4+21-16*3=' },
} as const;

/** The commands that type `keys`, in order. */
export function keyCommands(aggregateId: string, keys: string) {
  return [...keys].map((key): { name: string; body: Record<string, string> } => {
    if (/[0-9]/.test(key)) return { name: 'PressDigit', body: { aggregateId, digit: key } };
    if (key === '.') return { name: 'PressDot', body: { aggregateId } };
    if (key === '=') return { name: 'PressEquals', body: { aggregateId } };
    return { name: 'PressOperator', body: { aggregateId, operator: key } };
  });
}
