// One error type for the releases domain: a stable code, a Spanish message for people, and the HTTP status the
// routes answer with, so that the same functions serve the routes, the demo and the tests.
export class ReleaseError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
  ) {
    super(message);
    this.name = 'ReleaseError';
  }
}
