import { randomUUID } from 'node:crypto';

/** Every test gets its own tenant, so tests can share one emulator and run in parallel. */
export const uniqueTenant = (label = 't') => `${label}-${randomUUID().slice(0, 8)}`;
