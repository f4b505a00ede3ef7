import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readConnection, writeConnection, type SecretBox } from '../src/main/settings/connection-store'
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
const reversingBox: SecretBox = {
  encrypt: (plain) => Buffer.from([...plain].reverse().join('')).toString('base64'),
  decrypt: (sealed) => [...Buffer.from(sealed, 'base64').toString()].reverse().join('')
}

describe('the Phensys connection setting', () => {
  it('keeps the token in an owner-only file without a keychain, sealed with one, and nothing means training', () => {
    const dir = tempDir()
    dirs.push(dir)
    expect(readConnection(dir.path, null)).toBeNull()
    expect(writeConnection(dir.path, { url: 'https://phensys.example/', token: 'secret-token-1' }, null)).toBe(
      'owner-only-file'
    )
    expect(statSync(join(dir.path, 'phensys-connection.json')).mode & 0o777).toBe(0o600)
    expect(readConnection(dir.path, null)).toEqual({ url: 'https://phensys.example/', token: 'secret-token-1' })

    expect(writeConnection(dir.path, { url: 'https://phensys.example/', token: 'secret-token-2' }, reversingBox)).toBe(
      'os-keychain'
    )
    expect(JSON.stringify(statSync(join(dir.path, 'phensys-connection.json')))).not.toContain('secret-token-2')
    expect(() => readConnection(dir.path, null)).toThrow(/only the Electron app/)
    expect(readConnection(dir.path, reversingBox)?.token).toBe('secret-token-2')

    expect(writeConnection(dir.path, null, null)).toBe('training')
    expect(readConnection(dir.path, null)).toBeNull()
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
      expect(saved).toMatchObject({ ok: true, value: { protection: 'owner-only-file', restartRequired: true } })
      expect(readConnection(started.dir, null)).toEqual({ url: linked.sandbox.url, token: 'linked-test-token' })
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
