/**
 * Refusals of the transport itself, before any command runs: the HTTP package's own codes,
 * beside the kernel's `ErrorCode`s in the one status table of problem.ts.
 */
export const TRANSPORT_CODES = ['METHOD_NOT_ALLOWED', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'] as const;
export type TransportCode = (typeof TRANSPORT_CODES)[number];

export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly code: TransportCode,
    message: string,
  ) {
    super(message);
  }
}
