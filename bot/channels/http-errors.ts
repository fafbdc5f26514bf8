import type { Response } from 'restify';

/** What an HTTP client is told for each error status: short, fixed texts, never an internal message. */
export const PUBLIC_ERRORS: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  413: 'Request body too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable; try again later',
};

/** Ends a request with an error status and its fixed body (and `Retry-After` for 429 and 503). */
export function sendError(res: Response, status: number, retryAfterSeconds?: number): void {
  if (retryAfterSeconds !== undefined) res.header('Retry-After', String(retryAfterSeconds));
  res.send(status, { code: status, message: PUBLIC_ERRORS[status] ?? PUBLIC_ERRORS[500] });
}
