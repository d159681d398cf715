import { randomUUID } from 'node:crypto';
import { initializeApp } from 'firebase-admin/app';
import { getAuth as adminAuth } from 'firebase-admin/auth';

/** firebase-admin's Auth for an emulator project (FIREBASE_AUTH_EMULATOR_HOST must be set), for bench/ and tools. */
export const getAuth = (projectId: string) => adminAuth(initializeApp({ projectId }, `auth-${randomUUID()}`));
