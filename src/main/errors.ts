import type { ErrorCode } from '../shared/errors'

/**
 * An expected failure with a message a person can act on. Thrown inside a handler it rolls the
 * command back, unless `keepChanges` is set (a failed sign-in must still count the attempt).
 */
export class CounterError extends Error {
  readonly code: ErrorCode
  readonly details: unknown
  readonly keepChanges: boolean

  constructor(code: ErrorCode, message: string, options: { details?: unknown; keepChanges?: boolean } = {}) {
    super(message)
    this.name = 'CounterError'
    this.code = code
    this.details = options.details
    this.keepChanges = options.keepChanges ?? false
  }
}
