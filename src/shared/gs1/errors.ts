/** Why a GS1 element string could not be read. */
export type Gs1ErrorCode =
  | 'empty'
  | 'not-gs1'
  | 'invalid-ai'
  | 'unknown-ai'
  | 'too-short'
  | 'too-long'
  | 'empty-value'
  | 'invalid-character'
  | 'check-digit'
  | 'invalid-date'
  | 'ambiguous'
  | 'duplicate-ai'

/** Plain-data form of a Gs1Error, safe to send over IPC (structured clone drops Error fields). */
export interface Gs1Issue {
  code: Gs1ErrorCode
  /** The offending AI, or null when the failure is not tied to one (e.g. empty input). */
  ai: string | null
  /** Exactly what was read for that AI (or the unread remainder). */
  read: string
  /** Offset in the element string (after any symbology prefix was removed). */
  position: number
  message: string
}

export class Gs1Error extends Error {
  override readonly name = 'Gs1Error'
  readonly code: Gs1ErrorCode
  readonly ai: string | null
  readonly read: string
  readonly position: number

  constructor(code: Gs1ErrorCode, ai: string | null, read: string, position: number, message: string) {
    super(message)
    this.code = code
    this.ai = ai
    this.read = read
    this.position = position
  }

  toIssue(): Gs1Issue {
    return { code: this.code, ai: this.ai, read: this.read, position: this.position, message: this.message }
  }
}
