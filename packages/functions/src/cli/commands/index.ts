import type { Command } from '../command.js';
import { aggregate } from './aggregate.js';
import { forgetAgain } from './forget-again.js';
import { forgetSubject } from './forget-subject.js';
import { idToken } from './id-token.js';
import { openapi } from './openapi.js';
import { readers } from './readers.js';
import { rules } from './rules.js';
import { runSchedule } from './run-schedule.js';
import { seed } from './seed.js';
import { setClaims } from './set-claims.js';

/** Every command of `firebase-event-store`, in the order --help lists them. */
export const COMMANDS: readonly Command[] = [
  aggregate,
  readers,
  forgetSubject,
  forgetAgain,
  setClaims,
  idToken,
  runSchedule,
  seed,
  rules,
  openapi,
];
