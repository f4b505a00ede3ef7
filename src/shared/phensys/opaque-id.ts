import { z } from 'zod'

/** The contract's ids are opaque strings "of at most 64 characters": characters, not UTF-16 units. */
export const ID_CHARACTERS = 64

/** Unicode code points: an astral character (most emoji) is one, not two UTF-16 units. */
export function characterCount(text: string): number {
  let count = 0
  for (const _character of text) count++
  return count
}

/** Whether `text` is a contract id: 1 to 64 characters (the UTF-16 length only ever overcounts). */
export function fitsOpaqueId(text: string): boolean {
  return text.length > 0 && (text.length <= ID_CHARACTERS || characterCount(text) <= ID_CHARACTERS)
}

export const opaqueId = z
  .string()
  .min(1)
  .refine(fitsOpaqueId, { message: `an id of at most ${ID_CHARACTERS} characters` })
