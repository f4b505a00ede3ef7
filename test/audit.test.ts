import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { signedInAs, startTempCore } from './helpers/temp-core'

type Started = Awaited<ReturnType<typeof startTempCore>>
let started: Started | undefined
afterEach(async () => started?.stop())

describe('the audit trail', () => {
  it('writes an entry with every command and finds the first broken link', async () => {
    started = await startTempCore()
    const { core } = started
    const admin = await signedInAs(core, 'admin', '9999')
    for (let i = 0; i < 5; i++) {
      const answer = await core.call(admin, 'users.create', {
        username: `temp${i}`,
        displayName: `Temp ${i}`,
        roles: ['dispenser'],
        gphcNumber: null,
        secret: '4444'
      })
      expect(answer.ok).toBe(true)
    }
    const verified = await core.call(admin, 'audit.verify', {})
    expect(verified).toMatchObject({ ok: true, value: { intact: true } })
    const entries = core.internals.audit.list({ limit: 100 })
    expect(entries.filter((entry) => entry.command === 'users.create')).toHaveLength(5)

    // Someone with the file edits an entry behind the app's back (the triggers must be dropped first).
    const tamper = new Database(core.internals.storeFile)
    expect(() => tamper.prepare('UPDATE audit_log SET actor_name = ? WHERE seq = 3').run('Mallory')).toThrow(
      /append-only/
    )
    expect(() => tamper.prepare('DELETE FROM audit_log WHERE seq = 3').run()).toThrow(/append-only/)
    tamper.exec('DROP TRIGGER audit_log_no_update')
    tamper.prepare('UPDATE audit_log SET actor_name = ? WHERE seq = 3').run('Mallory')
    tamper.close()

    const after = await core.call(admin, 'audit.verify', {})
    expect(after).toMatchObject({ ok: true, value: { intact: false, brokenAt: 3 } })
  })

  it('rolls a command back whole when it fails', async () => {
    started = await startTempCore()
    const { core } = started
    const admin = await signedInAs(core, 'admin', '9999')
    const before = core.internals.audit.list({ limit: 500 }).length
    const duplicate = await core.call(admin, 'users.create', {
      username: 'admin',
      displayName: 'Again',
      roles: ['dispenser'],
      gphcNumber: null,
      secret: '4444'
    })
    expect(duplicate).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect(core.internals.audit.list({ limit: 500 })).toHaveLength(before)
  })
})
