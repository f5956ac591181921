/**
 * A business rule refused an operation. `code` is a stable machine-readable reason (API clients and
 * the HTTP error handler switch on it); `message` is for people; `details` carries what a client
 * needs to act (e.g. the offending value). Plain data only, so it survives Temporal's failure
 * conversion and JSON.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
