import { randomBytes } from 'node:crypto'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readConnection, writeConnection } from '../src/main/settings/connection-store'
import { keyFileBox, type SecretBox } from '../src/main/vault/secret-box'
import { signedInAs, startTempCore, tempDir } from './helpers/temp-core'
import { startLinked, type Linked } from './helpers/linked'

const dirs: Array<{ remove(): void }> = []
let linked: Linked | undefined
afterEach(async () => {
  dirs.splice(0).forEach((dir) => dir.remove())
  await linked?.stop()
  linked = undefined
})

/** Stands in for the OS keychain only in how it seals: reversibly, and never as plain text. */
const reversingKeychain: SecretBox = {
  protection: 'os-keychain',
  encrypt: (plain) => Buffer.from([...plain].reverse().join('')).toString('base64'),
  decrypt: (sealed) => [...Buffer.from(sealed, 'base64').toString()].reverse().join('')
}

describe('the Phensys connection setting', () => {
  it("never keeps the token in clear: sealed with the key folder's key, or by the keychain; nothing means training", () => {
    const dir = tempDir()
    dirs.push(dir)
    const box = keyFileBox(randomBytes(32))
    const file = join(dir.path, 'phensys-connection.json')
    expect(readConnection(dir.path, box)).toBeNull()
    expect(writeConnection(dir.path, { url: 'https://phensys.example/', token: 'secret-token-1' }, box)).toBe(
      'key-file'
    )
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(readFileSync(file, 'utf8')).not.toContain('secret-token-1')
    expect(readConnection(dir.path, box)).toEqual({ url: 'https://phensys.example/', token: 'secret-token-1' })
    // Another key cannot open it.
    expect(() => readConnection(dir.path, keyFileBox(randomBytes(32)))).toThrow()

    expect(
      writeConnection(dir.path, { url: 'https://phensys.example/', token: 'secret-token-2' }, reversingKeychain)
    ).toBe('os-keychain')
    expect(readFileSync(file, 'utf8')).not.toContain('secret-token-2')
    expect(() => readConnection(dir.path, box)).toThrow(/only the Electron app/)
    expect(readConnection(dir.path, reversingKeychain)?.token).toBe('secret-token-2')

    expect(writeConnection(dir.path, null, box)).toBe('training')
    expect(readConnection(dir.path, box)).toBeNull()
  })

  it('seals a token an earlier version kept in clear the first time it reads it', () => {
    const dir = tempDir()
    dirs.push(dir)
    const box = keyFileBox(randomBytes(32))
    const file = join(dir.path, 'phensys-connection.json')
    writeFileSync(
      file,
      JSON.stringify({ url: 'https://phensys.example/', protection: 'owner-only-file', token: 'old-clear-token' })
    )
    expect(readConnection(dir.path, box)).toEqual({ url: 'https://phensys.example/', token: 'old-clear-token' })
    expect(readFileSync(file, 'utf8')).not.toContain('old-clear-token')
    expect(readConnection(dir.path, box)?.token).toBe('old-clear-token')
  })

  it('lets an administrator check a Phensys and save it; a wrong token is reported, not saved silently', async () => {
    linked = await startLinked()
    const started = await startTempCore()
    try {
      const admin = await signedInAs(started.core, 'admin', '9999')
      const wrong = await started.core.call(admin, 'settings.checkPhensys', {
        url: linked.sandbox.url,
        token: 'wrong-token'
      })
      expect(wrong).toMatchObject({ ok: true, value: { ok: false, message: expect.stringContaining('401') } })
      const right = await started.core.call(admin, 'settings.checkPhensys', {
        url: linked.sandbox.url,
        token: 'linked-test-token'
      })
      expect(right).toMatchObject({ ok: true, value: { ok: true } })
      const saved = await started.core.call(admin, 'settings.setPhensys', {
        url: linked.sandbox.url,
        token: 'linked-test-token'
      })
      expect(saved).toMatchObject({ ok: true, value: { protection: 'key-file', restartRequired: true } })
      expect(readConnection(started.dir, started.keys.secretBox())).toEqual({
        url: linked.sandbox.url,
        token: 'linked-test-token'
      })
      const dispenser = await signedInAs(started.core, 'ajones', '2222')
      expect(await started.core.call(dispenser, 'settings.setPhensys', { training: true })).toMatchObject({
        ok: false,
        error: { code: 'forbidden' }
      })
    } finally {
      await started.stop()
    }
  })
})

describe('the store on disk', () => {
  it('an administrator sees its size and compacts it on demand, recorded in the audit trail; no one else may', async () => {
    const started = await startTempCore()
    try {
      const admin = await signedInAs(started.core, 'admin', '9999')
      const space = await started.core.call(admin, 'store.space', {})
      expect(space).toMatchObject({ ok: true, value: { fileBytes: expect.any(Number), freeBytes: expect.any(Number) } })
      const compacted = await started.core.call(admin, 'store.compact', {})
      expect(compacted).toMatchObject({ ok: true, value: { freeBytes: 0 } })
      expect(started.core.internals.audit.list({ entityId: 'store', limit: 5 })[0]).toMatchObject({
        command: 'store.compact',
        actorName: 'Training Administrator'
      })
      const dispenser = await signedInAs(started.core, 'ajones', '2222')
      expect(await started.core.call(dispenser, 'store.compact', {})).toMatchObject({
        ok: false,
        error: { code: 'forbidden' }
      })
    } finally {
      await started.stop()
    }
  })
})
