import { afterEach, describe, expect, it } from 'vitest'
import { signedInAs, startTempCore } from './helpers/temp-core'

type Started = Awaited<ReturnType<typeof startTempCore>>
let started: Started | undefined
afterEach(async () => started?.stop())

const LIVE = { phensys: { url: 'http://127.0.0.1:9', token: 'not-used-here' } }

describe('who is at the counter', () => {
  it('creates the first administrator on first run, once', async () => {
    started = await startTempCore(LIVE)
    const { core } = started
    const session = core.openSession()
    const info = await core.call(session, 'app.info', {})
    expect(info).toMatchObject({ ok: true, value: { firstRun: true, training: false } })
    const created = await core.call(session, 'auth.createFirstAdmin', {
      username: 'owner',
      displayName: 'Ola Owner',
      secret: '482913'
    })
    expect(created).toMatchObject({ ok: true, value: { user: { username: 'owner', roles: ['administrator'] } } })
    const again = await core.call(core.openSession(), 'auth.createFirstAdmin', {
      username: 'xavier',
      displayName: 'Xavier',
      secret: '123456'
    })
    expect(again).toMatchObject({ ok: false, error: { code: 'precondition_failed' } })
  })

  it('locks an account after repeated wrong PINs, and keeps count across failed calls', async () => {
    started = await startTempCore()
    const { core, clock } = started
    const session = core.openSession()
    for (let attempt = 1; attempt <= 4; attempt++) {
      const answer = await core.call(session, 'auth.signIn', { username: 'ajones', secret: '0000' })
      expect(answer).toMatchObject({ ok: false, error: { code: 'bad_credentials' } })
    }
    const fifth = await core.call(session, 'auth.signIn', { username: 'ajones', secret: '0000' })
    expect(fifth).toMatchObject({ ok: false, error: { code: 'account_locked' } })
    const rightPinTooSoon = await core.call(session, 'auth.signIn', { username: 'ajones', secret: '2222' })
    expect(rightPinTooSoon).toMatchObject({ ok: false, error: { code: 'account_locked' } })
    clock.advance(16 * 60_000)
    const later = await core.call(session, 'auth.signIn', { username: 'ajones', secret: '2222' })
    expect(later.ok).toBe(true)
    const audit = core.internals.audit.list({ limit: 50 }).map((entry) => entry.command)
    expect(audit.filter((command) => command === 'auth.failedAttempt')).toHaveLength(5)
  })

  it('locks the screen after idle time; only the PIN unlocks it', async () => {
    started = await startTempCore()
    const { core, clock } = started
    const session = await signedInAs(core, 'spatel', '1111')
    const events: string[] = []
    core.subscribe(session, (event) =>
      events.push(`${event.name}:${event.name === 'session.changed' ? String(event.payload?.locked) : ''}`)
    )
    clock.advance(5 * 60_000 + 1)
    const blocked = await core.call(session, 'worklist.get', {})
    expect(blocked).toMatchObject({ ok: false, error: { code: 'session_locked' } })
    expect(events).toContain('session.changed:true')
    expect(await core.call(session, 'auth.unlock', { secret: '9999' })).toMatchObject({
      ok: false,
      error: { code: 'bad_credentials' }
    })
    expect(await core.call(session, 'auth.unlock', { secret: '1111' })).toMatchObject({
      ok: true,
      value: { locked: false }
    })
    expect((await core.call(session, 'worklist.get', {})).ok).toBe(true)
  })

  it('stores PINs only as scrypt hashes', async () => {
    started = await startTempCore()
    const rows = started.core.internals.store.sqlite.prepare('SELECT secret_hash FROM users').all() as Array<{
      secret_hash: string
    }>
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) expect(row.secret_hash).toMatch(/^scrypt\$\d+\$8\$1\$/)
  })

  it('lets an administrator add a pharmacist only with a GPhC number', async () => {
    started = await startTempCore()
    const admin = await signedInAs(started.core, 'admin', '9999')
    const missing = await started.core.call(admin, 'users.create', {
      username: 'rk',
      displayName: 'Ravi Kumar',
      roles: ['pharmacist'],
      gphcNumber: null,
      secret: '5555'
    })
    expect(missing).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    const ok = await started.core.call(admin, 'users.create', {
      username: 'rk',
      displayName: 'Ravi Kumar',
      roles: ['pharmacist'],
      gphcNumber: '2099999',
      secret: '5555'
    })
    expect(ok).toMatchObject({ ok: true, value: { gphcNumber: '2099999' } })
    expect((await signedInAs(started.core, 'rk', '5555')).length).toBeGreaterThan(0)
  })
})
