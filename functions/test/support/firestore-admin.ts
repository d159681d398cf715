/**
 * bench/ has no node_modules of its own: it reaches firebase-admin through the functions
 * package, so that both use one copy (and one set of types).
 */
export { FieldValue, type Firestore, type Transaction } from 'firebase-admin/firestore';
