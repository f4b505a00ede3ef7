import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { PhensysConnection } from '../phensys'
import type { SecretBox } from '../vault'

const url = z.string().url()
const fileSchema = z.discriminatedUnion('protection', [
  z.object({ url, protection: z.enum(['os-keychain', 'key-file']), sealedToken: z.string().min(1) }),
  // Written by earlier versions: the token in clear. Sealed the first time it is read.
  z.object({ url, protection: z.literal('owner-only-file'), token: z.string().min(1) })
])

const FILE = 'phensys-connection.json'

/**
 * Which Phensys this workstation talks to; no file means training mode on the built-in sandbox.
 * The token is never kept in clear: it is sealed by the OS keychain (Electron) or with a key from
 * the key folder, outside the data folder (`box`).
 */
export function readConnection(dataDir: string, box: SecretBox): PhensysConnection | null {
  const file = join(dataDir, FILE)
  if (!existsSync(file)) return null
  const stored = fileSchema.parse(JSON.parse(readFileSync(file, 'utf8')))
  if (stored.protection === 'owner-only-file') {
    const connection = { url: stored.url, token: stored.token }
    writeConnection(dataDir, connection, box)
    return connection
  }
  if (stored.protection !== box.protection)
    throw new Error(
      stored.protection === 'os-keychain'
        ? `${file} holds a token sealed by the OS keychain; only the Electron app can open it.`
        : `${file} holds a token sealed with browser mode's key folder; set the connection again in Settings.`
    )
  return { url: stored.url, token: box.decrypt(stored.sealedToken) }
}

export function writeConnection(
  dataDir: string,
  connection: PhensysConnection | null,
  box: SecretBox
): SecretBox['protection'] | 'training' {
  const file = join(dataDir, FILE)
  if (!connection) {
    if (existsSync(file)) renameSync(file, `${file}.previous`)
    return 'training'
  }
  const stored = { url: connection.url, protection: box.protection, sealedToken: box.encrypt(connection.token) }
  writeFileSync(`${file}.tmp`, JSON.stringify(stored, null, 2), { mode: 0o600 })
  renameSync(`${file}.tmp`, file)
  return box.protection
}
