import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { PhensysConnection } from '../phensys/phensys-client'

/**
 * Keeps secrets at rest. The Electron shell provides one backed by the OS keychain
 * (safeStorage); plain Node has none, and the token is then kept in a file only its owner can read.
 */
export interface SecretBox {
  encrypt(plain: string): string
  decrypt(sealed: string): string
}

const fileSchema = z.discriminatedUnion('protection', [
  z.object({ url: z.string().url(), protection: z.literal('os-keychain'), sealedToken: z.string().min(1) }),
  z.object({ url: z.string().url(), protection: z.literal('owner-only-file'), token: z.string().min(1) })
])

const FILE = 'phensys-connection.json'

/** Which Phensys this workstation talks to; no file means training mode on the built-in sandbox. */
export function readConnection(dataDir: string, box: SecretBox | null): PhensysConnection | null {
  const file = join(dataDir, FILE)
  if (!existsSync(file)) return null
  const stored = fileSchema.parse(JSON.parse(readFileSync(file, 'utf8')))
  if (stored.protection === 'os-keychain') {
    if (!box) throw new Error(`${file} holds a token sealed by the OS keychain; only the Electron app can open it.`)
    return { url: stored.url, token: box.decrypt(stored.sealedToken) }
  }
  return { url: stored.url, token: stored.token }
}

export function writeConnection(
  dataDir: string,
  connection: PhensysConnection | null,
  box: SecretBox | null
): 'os-keychain' | 'owner-only-file' | 'training' {
  const file = join(dataDir, FILE)
  if (!connection) {
    if (existsSync(file)) renameSync(file, `${file}.previous`)
    return 'training'
  }
  const stored = box
    ? { url: connection.url, protection: 'os-keychain' as const, sealedToken: box.encrypt(connection.token) }
    : { url: connection.url, protection: 'owner-only-file' as const, token: connection.token }
  writeFileSync(`${file}.tmp`, JSON.stringify(stored, null, 2), { mode: 0o600 })
  chmodSync(`${file}.tmp`, 0o600)
  renameSync(`${file}.tmp`, file)
  return stored.protection
}
