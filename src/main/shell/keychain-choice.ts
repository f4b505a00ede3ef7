/**
 * Whether Electron's safeStorage seals anything. On Linux it may fall back to `basic_text`, a
 * password written into Electron itself: anyone can unseal that, so it is refused, and the key
 * folder's owner-only files are used instead (and the settings screen says so).
 */
export function keychainUsable(given: {
  platform: string
  encryptionAvailable: boolean
  /** `safeStorage.getSelectedStorageBackend()` on Linux; undefined elsewhere. */
  linuxBackend: string | undefined
}): boolean {
  if (!given.encryptionAvailable) return false
  if (given.platform !== 'linux') return true
  return given.linuxBackend !== undefined && given.linuxBackend !== 'basic_text' && given.linuxBackend !== 'unknown'
}
