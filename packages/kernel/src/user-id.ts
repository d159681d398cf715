import { z } from 'zod';

/**
 * What no id may hold: control and format characters (Cc, Cf: among them the bidirectional
 * overrides and isolates, zero-width spaces and joiners, the byte-order mark and the soft
 * hyphen), unassigned and private-use code points and lone surrogates (Cn, Co, Cs), any other
 * character that renders as nothing (Default_Ignorable_Code_Point), and white space. Such an id
 * looks like another one in a log or a console, or like nothing at all.
 */
const INVISIBLE_OR_SPACE = /[\p{C}\p{Default_Ignorable_Code_Point}\p{White_Space}]/u;

export const USER_ID_RULE =
  'an id is 1-128 characters in Unicode NFC, with no control, bidirectional, zero-width, invisible or white-space characters';

/** Whether `id` is an id as every entry point takes it: see `UserId`. */
export const isUserId = (id: unknown): id is string =>
  typeof id === 'string' &&
  id.length >= 1 &&
  id.length <= 128 && // UTF-16 code units, as Firebase Auth bounds a uid
  !INVISIBLE_OR_SPACE.test(id) &&
  id === id.normalize('NFC');

/**
 * The one rule for ids that come from outside and end up in documents and logs: a token's
 * `sub` (the actor's id), a data subject, the subject field of a personal event. An id that
 * breaks it is refused where it enters (401 for a token, 400 for a route), never normalised
 * into another id: two spellings of one id would be two users, two keys, two subjects to
 * forget. Tenants and aggregate ids (`SAFE_ID`) and idempotency keys (visible ASCII) follow
 * narrower rules that imply this one.
 */
export const UserId = z.string().refine(isUserId, USER_ID_RULE);
