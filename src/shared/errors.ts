/** Every error a contract call can answer with. The renderer switches on `code`, people read `message`. */
export const ERROR_CODES = [
  'invalid_input',
  'unknown_call',
  'not_signed_in',
  'session_locked',
  'forbidden',
  'not_found',
  'conflict',
  'bad_credentials',
  'try_again_later',
  'session_expired',
  'precondition_failed',
  'device_error',
  'host_unreachable',
  'internal'
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export interface CallError {
  code: ErrorCode
  message: string
  details?: unknown
}

/**
 * `renewedSessionId`: the call gave the window's session a new id (sign-in does); the old one no
 * longer works. The hosts keep it (Electron) or hand it to the page (browser mode).
 */
export type CallResponse<T> = { ok: true; value: T; renewedSessionId?: string } | { ok: false; error: CallError }
