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
  'account_locked',
  'precondition_failed',
  'device_error',
  'internal'
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export interface CallError {
  code: ErrorCode
  message: string
  details?: unknown
}

export type CallResponse<T> = { ok: true; value: T } | { ok: false; error: CallError }
