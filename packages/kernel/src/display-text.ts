import { z } from 'zod';

/**
 * What free text shown to people may not hold: control characters (Cc: NUL, escapes, newlines),
 * the bidirectional controls (which can make text read backwards in a console or a log), line
 * and paragraph separators, lone surrogates (not text) and private-use code points. Zero-width
 * joiners stay allowed: emoji sequences and some scripts need them.
 */
const NOT_DISPLAY_TEXT = /[\p{Cc}\p{Bidi_Control}\p{Zl}\p{Zp}\p{Cs}\p{Co}]/u;

export interface DisplayTextOptions {
  /** Most characters (UTF-16 code units), after normalising (default 100). */
  readonly max?: number;
  /** Fewest characters after trimming (default 1). */
  readonly min?: number;
}

/**
 * A schema for personal and free-text fields people see (names, titles, comments): trimmed,
 * normalised to Unicode NFC (so one name has one spelling, and one key or search finds it),
 * within a length bound, and refused (400, naming the field) when it holds control or
 * bidirectional characters rather than stored as given. For teams' aggregates; the samples use it.
 */
export function displayText({ max = 100, min = 1 }: DisplayTextOptions = {}) {
  return z
    .string()
    .transform((text) => text.trim().normalize('NFC'))
    .pipe(
      z
        .string()
        .min(min, `must be at least ${min} character${min === 1 ? '' : 's'}`)
        .max(max, `must be at most ${max} characters`)
        .refine((text) => !NOT_DISPLAY_TEXT.test(text), 'must not hold control or bidirectional characters'),
    );
}
