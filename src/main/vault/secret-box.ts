import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/**
 * Seals small secrets at rest. The Electron shell provides one backed by the OS keychain
 * (safeStorage); elsewhere `keyFileBox` seals with a key kept in the key folder, outside the data
 * folder, so a copy of the data folder alone reveals nothing.
 */
export interface SecretBox {
  /** How the secret is protected, in the words the settings screen shows. */
  readonly protection: 'os-keychain' | 'key-file'
  encrypt(plain: string): string
  decrypt(sealed: string): string
}

/** AES-256-GCM under a 32-byte key: `iv.tag.ciphertext`, each base64url. */
export function keyFileBox(key: Buffer): SecretBox {
  return {
    protection: 'key-file',
    encrypt(plain) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join('.')
    },
    decrypt(sealed) {
      const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'))
      if (!iv || !tag || !body) throw new Error('The sealed secret is not in the expected form.')
      const decipher = createDecipheriv('aes-256-gcm', key, iv)
      decipher.setAuthTag(tag)
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')
    }
  }
}
