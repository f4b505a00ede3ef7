import { randomBytes } from 'node:crypto'
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'
import { open, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { enforceOwnerOnly } from './file-modes'
import { keyFileBox, type SecretBox } from './secret-box'

const storedKeySchema = z.discriminatedUnion('protection', [
  z.object({ protection: z.literal('os-keychain'), sealed: z.string().min(1) }),
  z.object({ protection: z.literal('owner-only-file'), key: z.string().regex(/^[0-9a-f]{64}$/) })
])

export type KeyName = 'audit' | 'secrets'

/**
 * The folder that holds the workstation's keys and the audit trail's anchor, apart from the data
 * folder: whoever copies or edits the store does not get the key that proves it unchanged. The
 * folder is the owner's alone (0700, files 0600). A key is sealed by the OS keychain when the host
 * has one (Electron's safeStorage), else kept as an owner-only file.
 */
export class KeyFolder {
  constructor(
    readonly dir: string,
    private readonly keychain: SecretBox | null
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    enforceOwnerOnly(dir, 'key folder')
  }

  has(name: KeyName): boolean {
    return existsSync(this.keyFile(name))
  }

  /** The named 32-byte key, made on first use. */
  key(name: KeyName): Buffer {
    const file = this.keyFile(name)
    if (!existsSync(file)) {
      const key = randomBytes(32)
      const stored =
        this.keychain?.protection === 'os-keychain'
          ? { protection: 'os-keychain' as const, sealed: this.keychain.encrypt(key.toString('hex')) }
          : { protection: 'owner-only-file' as const, key: key.toString('hex') }
      this.write(`${name}.key`, JSON.stringify(stored))
      return key
    }
    const stored = storedKeySchema.parse(JSON.parse(readFileSync(file, 'utf8')))
    if (stored.protection === 'owner-only-file') return Buffer.from(stored.key, 'hex')
    if (!this.keychain || this.keychain.protection !== 'os-keychain')
      throw new Error(`${file} is sealed by the OS keychain; only the Electron app on this computer can open it.`)
    return Buffer.from(this.keychain.decrypt(stored.sealed), 'hex')
  }

  /** What seals the Phensys token at rest: the OS keychain where there is one, else this folder's key. */
  secretBox(): SecretBox {
    return this.keychain?.protection === 'os-keychain' ? this.keychain : keyFileBox(this.key('secrets'))
  }

  read(fileName: string): string | null {
    const file = join(this.dir, fileName)
    return existsSync(file) ? readFileSync(file, 'utf8') : null
  }

  /** Replaces a file whole: written beside, flushed to disk, then renamed over the old one. */
  write(fileName: string, content: string): void {
    const file = join(this.dir, fileName)
    const temporary = `${file}.tmp`
    const fd = openSync(temporary, 'w', 0o600)
    try {
      writeSync(fd, content)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(temporary, file)
  }

  /** `write`, off the event loop: for what is rewritten after every commit. */
  async writeInBackground(fileName: string, content: string): Promise<void> {
    const file = join(this.dir, fileName)
    const temporary = `${file}.tmp`
    const handle = await open(temporary, 'w', 0o600)
    try {
      await handle.writeFile(content)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temporary, file)
  }

  private keyFile(name: KeyName): string {
    return join(this.dir, `${name}.key`)
  }
}
