const codesByStatus: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  412: 'precondition-failed',
  413: 'payload-too-large',
  429: 'too-many-requests',
};

/**
 * A request the xAPI statement resource refuses: the status to answer, a short code for the JSON error shape
 * `{ error, message }` and an English message naming what is wrong.
 */
export class XapiRequestError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, message: string, code: string = codesByStatus[status] ?? 'error') {
    super(message);
    this.name = 'XapiRequestError';
    this.status = status;
    this.code = code;
  }
}
