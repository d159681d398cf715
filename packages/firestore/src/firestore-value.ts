import { Timestamp, type DocumentData } from 'firebase-admin/firestore';

/** A `google.protobuf.Timestamp`; its int64 seconds arrive as a string or a Long. */
export interface WireTimestamp {
  readonly seconds?: number | string | { toString(): string } | null;
  readonly nanos?: number | null;
}

export const fromWireTimestamp = (time: WireTimestamp | null | undefined) =>
  new Timestamp(Number(String(time?.seconds ?? 0)), time?.nanos ?? 0);

/**
 * A `google.firestore.v1.Value` as the low-level client hands it over: `valueType` names the
 * one field that is set (the others read as protobuf defaults, so only `valueType` can be trusted).
 */
export interface WireValue {
  readonly valueType?: string | null;
  readonly booleanValue?: boolean | null;
  readonly integerValue?: number | string | { toString(): string } | null;
  readonly doubleValue?: number | null;
  readonly timestampValue?: WireTimestamp | null;
  readonly stringValue?: string | null;
  readonly bytesValue?: Uint8Array | null;
  readonly arrayValue?: { readonly values?: readonly WireValue[] | null } | null;
  readonly mapValue?: { readonly fields?: WireFields | null } | null;
}
export type WireFields = Readonly<Record<string, WireValue>>;

/**
 * The JavaScript value firebase-admin's own `get()` would give for a value this store writes:
 * JSON-like data, plus dates (timestamps) and byte arrays. Aggregate states are plain data (the
 * domain may not import Firestore), so references and geo points never occur; they are refused
 * rather than guessed at (a vector, stored as a map, would come back as that map). Integers
 * become numbers, as in the SDK's default.
 */
export function fromWireValue(value: WireValue): unknown {
  switch (value.valueType) {
    case 'nullValue':
      return null;
    case 'booleanValue':
      return value.booleanValue;
    case 'integerValue':
      return Number(String(value.integerValue)); // an int64: a string or a Long
    case 'doubleValue':
      return value.doubleValue;
    case 'stringValue':
      return value.stringValue;
    case 'timestampValue':
      return fromWireTimestamp(value.timestampValue);
    case 'bytesValue':
      return value.bytesValue; // a Buffer, as the SDK's
    case 'arrayValue':
      return (value.arrayValue?.values ?? []).map(fromWireValue);
    case 'mapValue':
      return fromWireFields(value.mapValue?.fields ?? {});
    default:
      throw new TypeError(`A Firestore ${value.valueType ?? 'unknown'} is not a value this store writes`);
  }
}

export const fromWireFields = (fields: WireFields): DocumentData =>
  Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, fromWireValue(value)]));
