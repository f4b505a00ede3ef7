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
 *
 * An id longer than MAX_ENCODED_ID once encoded (the contract allows any 64 characters: 64 Polish
 * letters take 384) is carried in its short form, `%%` and 16 base32 characters (short-ref.ts),
 * so the symbol stays small enough to leave the label room for the directions. Such a label names
 * its request only by that form: main finds the request (`requests.label_ref`) and compares by it.
 */

import { SHORT_REF, shortRequestRef } from './short-ref'

const REQUEST_LABEL_PREFIX = 'PC-REQ:'
const BAG_LABEL_PREFIX = 'PC-BAG:'
const STAFF_BADGE_PREFIX = 'PC-STAFF:'
const MAX_REQUEST_ID = 64
/** The longest encoded id a barcode carries as it is: every id that printed before short forms still does. */
const MAX_ENCODED_ID = 24
const MAX_PARCEL = 999

/**
 * `requestId` is null where the label carries the id's short form (`shortRef`), which only a
 * lookup, or a comparison with a known request (`labelNamesRequest`), turns into a request.
 */
export type OwnLabel =
  | { kind: 'request-label'; requestId: string | null; shortRef?: string; packId?: number; generation?: number }
  | { kind: 'bag-label'; requestId: string | null; shortRef?: string; parcelNo: number }

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

/** How a barcode names the request: its encoded id, or the short form where that is too long. */
function barcodeId(requestId: string): string {
  const encoded = encodeId(requestId)
  return encoded.length <= MAX_ENCODED_ID ? encoded : shortRequestRef(requestId)
}

/** The short form a barcode carries for this request, or null where it carries the id itself. */
export function labelRefOf(requestId: string): string | null {
  return encodeId(requestId).length <= MAX_ENCODED_ID ? null : shortRequestRef(requestId)
}

/** Whether a label read names this request, by its id or by its short form. */
export function labelNamesRequest(label: OwnLabel, requestId: string): boolean {
  return label.requestId === null ? label.shortRef === shortRequestRef(requestId) : label.requestId === requestId
}

/** The request a label names, as a person reads it: the id, or the short form where that is all it carries. */
export function labelRequestText(label: OwnLabel): string {
  return label.requestId ?? label.shortRef ?? ''
}

/** The id or short form a payload carries, read: null when it is neither. */
function readRequest(encoded: string): { requestId: string | null; shortRef?: string } | null {
  if (SHORT_REF.test(encoded)) return { requestId: null, shortRef: encoded }
  const requestId = decodeId(encoded)
  return requestId === null ? null : { requestId }
}

/** A request's label: it opens the request. */
export function requestLabelPayload(requestId: string): string {
  return REQUEST_LABEL_PREFIX + barcodeId(requestId)
}

/** A dispensing label: the dispensed pack it goes on, and the print generation of the request's labels. */
export function dispensingLabelPayload(requestId: string, packId: number, generation: number): string {
  if (!Number.isSafeInteger(packId) || packId < 1) throw new RangeError('a pack id is a positive whole number')
  if (!Number.isSafeInteger(generation) || generation < 1)
    throw new RangeError('a label generation is a positive whole number')
  return `${REQUEST_LABEL_PREFIX}${barcodeId(requestId)}:${packId}:${generation}`
}

export function bagLabelPayload(requestId: string, parcelNo: number): string {
  if (!Number.isInteger(parcelNo) || parcelNo < 1 || parcelNo > MAX_PARCEL) {
    throw new RangeError(`a parcel number is 1 to ${MAX_PARCEL}`)
  }
  return `${BAG_LABEL_PREFIX}${barcodeId(requestId)}:${parcelNo}`
}

/** Reads one of our payloads; null when the text is not ours, `damaged` when it is but is broken. */
export function readOwnLabel(text: string): OwnLabelReading {
  if (text.startsWith(REQUEST_LABEL_PREFIX)) {
    const [encoded = '', pack, generation, ...rest] = text.slice(REQUEST_LABEL_PREFIX.length).split(':')
    const request = readRequest(encoded)
    const number = /^[1-9]\d{0,15}$/
    if (
      request === null ||
      rest.length > 0 ||
      (pack !== undefined && !number.test(pack)) ||
      (generation !== undefined && !number.test(generation))
    )
      return { kind: 'damaged', message: 'request label: the request id is missing or damaged' }
    if (pack === undefined) return { kind: 'request-label', ...request }
    return generation === undefined
      ? { kind: 'request-label', ...request, packId: Number(pack) }
      : { kind: 'request-label', ...request, packId: Number(pack), generation: Number(generation) }
  }
  if (text.startsWith(BAG_LABEL_PREFIX)) {
    const match = /^([^:]+):([1-9]\d{0,2})$/.exec(text.slice(BAG_LABEL_PREFIX.length))
    const request = match?.[1] === undefined ? null : readRequest(match[1])
    if (!match || request === null) {
      return { kind: 'damaged', message: 'bag label: expected PC-BAG:<request id>:<parcel number>' }
    }
    return { kind: 'bag-label', ...request, parcelNo: Number(match[2]) }
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
