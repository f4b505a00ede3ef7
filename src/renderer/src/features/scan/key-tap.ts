/**
 * Every keydown the wedge listener sees, raw and timed, for the one screen that needs them:
 * pairing, which learns how a scanner types. Not a store: keys come too fast to re-render on.
 */
export interface TappedKey {
  key: string
  code: string
  ctrlKey: boolean
  altKey: boolean
  shiftKey: boolean
  /** event.timeStamp, ms. */
  at: number
}

const listeners = new Set<(key: TappedKey) => void>()

export function tapKeys(listener: (key: TappedKey) => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function emitKeyTap(key: TappedKey): void {
  for (const listener of listeners) listener(key)
}
