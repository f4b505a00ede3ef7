import { calls } from './index'

/** The largest request body a host reads for a call, in bytes; anything larger is refused (413). */
export const DEFAULT_BODY_LIMIT = 256 * 1024

// The carrier outcome CSV may be as long as its schema allows; as JSON, a character takes up to
// 3 bytes (UTF-8) and escaping adds little beyond that.
const outcomeCsvChars = calls['dispatch.importOutcomes'].input.shape.csv.maxLength ?? 0

const LARGER: Readonly<Record<string, number>> = {
  'dispatch.importOutcomes': 3 * outcomeCsvChars + DEFAULT_BODY_LIMIT
}

export function bodyLimit(callName: string): number {
  return Object.hasOwn(LARGER, callName) ? LARGER[callName]! : DEFAULT_BODY_LIMIT
}
