/**
 * Barcode payloads of our own labels.
 *
 *   request label:     PC-REQ:<requestId>
 *   dispensing label:  PC-REQ:<requestId>:<packId>:<generation>   (naming the pack it goes on, and
 *                      the print generation of the request's labels, which a relabel moves on, so
 *                      an old label left on a pack is told from the new one)
 *   bag label:     PC-BAG:<requestId>:<parcelNo>
 *   staff badge:   PC-STAFF:<userId>   (names who is signing in; the PIN is still asked)
 *
 * The request id is percent-encoded (UTF-8) outside [A-Za-z0-9._-]. Why: keyboard-wedge scanners
 * type what they read through the PC's keyboard layout, and characters such as @ " # £ ~ \ | differ
 * between UK and US layouts; the encoded payload uses only letters, digits, - . _ : % which type the
 * same on both. It also keeps ":" free to delimit the parcel number, and makes a payload ASCII so
 * any symbology (DataMatrix, Code 128) carries it unchanged.
 *
 * Dispensing labels printed before the generation was named read `PC-REQ:<requestId>:<packId>`,
 * with no generation: the accuracy check reads them as the first generation.
 */

const REQUEST_LABEL_PREFIX = 'PC-REQ:'
const BAG_LABEL_PREFIX = 'PC-BAG:'
const STAFF_BADGE_PREFIX = 'PC-STAFF:'
const MAX_REQUEST_ID = 64
const MAX_PARCEL = 999

export type OwnLabel =
  | { kind: 'request-label'; requestId: string; packId?: number; generation?: number }
  | { kind: 'bag-label'; requestId: string; parcelNo: number }

export type OwnLabelReading = OwnLabel | { kind: 'damaged'; message: string } | null

const SAFE = /^[A-Za-z0-9._-]$/

function encodeId(requestId: string): string {
  if (requestId.length === 0 || requestId.length > MAX_REQUEST_ID) {
    throw new RangeError(`a request id is 1 to ${MAX_REQUEST_ID} characters`)
  }
  let out = ''
  for (const ch of requestId) {
    if (SAFE.test(ch)) out += ch
    else for (const byte of new TextEncoder().encode(ch)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

function decodeId(encoded: string): string | null {
  if (encoded.length === 0 || !/^(?:[A-Za-z0-9._-]|%[0-9A-F]{2})+$/.test(encoded)) return null
  const bytes: number[] = []
  for (let i = 0; i < encoded.length; i++) {
    if (encoded[i] === '%') {
      bytes.push(parseInt(encoded.slice(i + 1, i + 3), 16))
      i += 2
    } else {
      bytes.push(encoded.charCodeAt(i))
    }
  }
  try {
    const id = new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes))
    return id.length > 0 && id.length <= MAX_REQUEST_ID && encodeId(id) === encoded ? id : null
  } catch {
    return null
  }
}

/** A request's label: it opens the request. */
export function requestLabelPayload(requestId: string): string {
  return REQUEST_LABEL_PREFIX + encodeId(requestId)
}

/** A dispensing label: the dispensed pack it goes on, and the print generation of the request's labels. */
export function dispensingLabelPayload(requestId: string, packId: number, generation: number): string {
  if (!Number.isSafeInteger(packId) || packId < 1) throw new RangeError('a pack id is a positive whole number')
  if (!Number.isSafeInteger(generation) || generation < 1)
    throw new RangeError('a label generation is a positive whole number')
  return `${REQUEST_LABEL_PREFIX}${encodeId(requestId)}:${packId}:${generation}`
}

export function bagLabelPayload(requestId: string, parcelNo: number): string {
  if (!Number.isInteger(parcelNo) || parcelNo < 1 || parcelNo > MAX_PARCEL) {
    throw new RangeError(`a parcel number is 1 to ${MAX_PARCEL}`)
  }
  return `${BAG_LABEL_PREFIX}${encodeId(requestId)}:${parcelNo}`
}

/** Reads one of our payloads; null when the text is not ours, `damaged` when it is but is broken. */
export function readOwnLabel(text: string): OwnLabelReading {
  if (text.startsWith(REQUEST_LABEL_PREFIX)) {
    const [encoded = '', pack, generation, ...rest] = text.slice(REQUEST_LABEL_PREFIX.length).split(':')
    const requestId = decodeId(encoded)
    const number = /^[1-9]\d{0,15}$/
    if (
      requestId === null ||
      rest.length > 0 ||
      (pack !== undefined && !number.test(pack)) ||
      (generation !== undefined && !number.test(generation))
    )
      return { kind: 'damaged', message: 'request label: the request id is missing or damaged' }
    if (pack === undefined) return { kind: 'request-label', requestId }
    return generation === undefined
      ? { kind: 'request-label', requestId, packId: Number(pack) }
      : { kind: 'request-label', requestId, packId: Number(pack), generation: Number(generation) }
  }
  if (text.startsWith(BAG_LABEL_PREFIX)) {
    const match = /^([^:]+):([1-9]\d{0,2})$/.exec(text.slice(BAG_LABEL_PREFIX.length))
    const requestId = match?.[1] === undefined ? null : decodeId(match[1])
    if (!match || requestId === null) {
      return { kind: 'damaged', message: 'bag label: expected PC-BAG:<request id>:<parcel number>' }
    }
    return { kind: 'bag-label', requestId, parcelNo: Number(match[2]) }
  }
  return null
}

/** A staff badge: an identifier only, scanned in place of typing the username. */
export function staffBadgePayload(userId: string): string {
  return STAFF_BADGE_PREFIX + encodeId(userId)
}

/** The user id a staff badge names; null when the text is not a (readable) badge. */
export function readStaffBadge(text: string): string | null {
  return text.startsWith(STAFF_BADGE_PREFIX) ? decodeId(text.slice(STAFF_BADGE_PREFIX.length)) : null
}
