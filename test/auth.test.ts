import { afterEach, describe, expect, it } from 'vitest'
import { hashSecret } from '../src/main/users/secrets'
import { staffBadgePayload } from '../src/shared/scan/own-labels'
import { secretProblem } from '../src/shared/secret-policy'
import type { CounterEvent } from '../src/shared/contract'
import { TEST_SCRYPT, signedInAs, startTempCore, type TempCore } from './helpers/temp-core'

let started: TempCore | undefined
afterEach(async () => {
  await started?.stop()
  started = undefined
})

const LIVE = { phensys: { url: 'http://127.0.0.1:9', token: 'not-used-here' }, autoSync: false, autoDevices: false }

/** A live workstation with its first administrator, signed in. */
async function liveWithOwner(): Promise<{ started: TempCore; owner: string }> {
  const live = await startTempCore(LIVE)
  const created = await live.core.call(live.core.openSession(), 'auth.createFirstAdmin', {
    username: 'owner',
    displayName: 'Ola Owner',
    secret: '864209'
  })
  if (!created.ok || !created.renewedSessionId) throw new Error('no first administrator')
  return { started: live, owner: created.renewedSessionId }
}

async function addUser(core: TempCore['core'], admin: string, username: string, secret: string, roles = ['dispenser']) {
  const answer = await core.call(admin, 'users.create', {
    username,
    displayName: `Person ${username}`,
    roles: roles as never,
    gphcNumber: roles.includes('pharmacist') ? '2012345' : null,
    secret
  })
  if (!answer.ok) throw new Error(answer.error.message)
  return answer.value
}

describe('who is at the counter', () => {
  it('creates the first administrator on first run, once', async () => {
    ;({ started } = await liveWithOwner())
    const again = await started.core.call(started.core.openSession(), 'auth.createFirstAdmin', {
      username: 'xavier',
      displayName: 'Xavier',
      secret: '380516'
    })
    expect(again).toMatchObject({ ok: false, error: { code: 'precondition_failed' } })
  })

  it('holds PINs to at least 6 digits, not a common one, and passwords to 10 characters', async () => {
    for (const weak of [
      '1234',
      '12345',
      '123456',
      '654321',
      '111111',
      '000000',
      '121212',
      '123123',
      '112233',
      '147258',
      '123321',
      '890123',
      '1111',
      '9999',
      'short',
      'password123',
      'aaaaaaaaaaaa'
    ])
      expect(secretProblem(weak), weak).not.toBeNull()
    for (const fine of ['864209', '592846', '73910482', 'correct horse staple', 'Dispensary-2026!'])
      expect(secretProblem(fine), fine).toBeNull()

    let owner: string
    ;({ started, owner } = await liveWithOwner())
    const refused = await started.core.call(owner, 'users.create', {
      username: 'weak',
      displayName: 'Weak Pin',
      roles: ['dispenser'],
      gphcNumber: null,
      secret: '123456'
    })
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('too easy') }
    })
    const short = await started.core.call(owner, 'users.resetSecret', { id: 'x', secret: '4826' })
    expect(short).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('6 digits') }
    })
  })

  it('on a live workstation, a PIN from before the rules must be replaced before anything else', async () => {
    let owner: string
    ;({ started, owner } = await liveWithOwner())
    const { core } = started
    // A person an earlier version let in with a 4-digit PIN (the training PIN, even).
    core.internals.users.insert({
      username: 'oldpin',
      displayName: 'Old Pin',
      roles: ['dispenser'],
      gphcNumber: null,
      // Hashed when scrypt cost less: made again at today's cost at the next sign-in.
      secretHash: hashSecret('2222', { ...TEST_SCRYPT, N: TEST_SCRYPT.N / 2 }),
      createdAt: new Date().toISOString()
    })
    const signedIn = await core.call(core.openSession(), 'auth.signIn', { username: 'oldpin', secret: '2222' })
    expect(signedIn).toMatchObject({ ok: true, value: { mustChangeSecret: true } })
    if (!signedIn.ok) return
    expect(core.internals.users.byUsername('oldpin')?.secretHash).toMatch(new RegExp(`^scrypt\\$${TEST_SCRYPT.N}\\$`))
    const session = signedIn.renewedSessionId!
    expect(await core.call(session, 'worklist.get', {})).toMatchObject({
      ok: false,
      error: { code: 'precondition_failed' }
    })
    expect(await core.call(session, 'auth.changeSecret', { current: '2222', next: '222222' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' }
    })
    expect(await core.call(session, 'auth.changeSecret', { current: '2222', next: '407219' })).toMatchObject({
      ok: true,
      value: { mustChangeSecret: false }
    })
    expect((await core.call(session, 'worklist.get', {})).ok).toBe(true)
    expect((await core.call(owner, 'users.list', {})).ok).toBe(true)
  })

  it('training keeps its demo PINs and lists its people; a live workstation lists nobody before sign-in', async () => {
    started = await startTempCore()
    const info = await started.core.call(started.core.openSession(), 'app.info', {})
    expect(info).toMatchObject({ ok: true, value: { training: true } })
    if (info.ok) expect(info.value.signInNames.map((n) => n.username)).toContain('ajones')
    const dispenser = await started.core.call(started.core.openSession(), 'auth.signIn', {
      username: 'ajones',
      secret: '2222'
    })
    expect(dispenser).toMatchObject({ ok: true, value: { mustChangeSecret: false } })
    await started.stop()

    let owner: string
    ;({ started, owner } = await liveWithOwner())
    await addUser(started.core, owner, 'dana', '482915')
    const live = await started.core.call(started.core.openSession(), 'app.info', {})
    expect(live).toMatchObject({ ok: true, value: { training: false, signInNames: [], trainingAccounts: [] } })
  })

  it('slows wrong PINs down, doubling, per account, and never locks an administrator out of their password', async () => {
    let owner: string
    ;({ started, owner } = await liveWithOwner())
    const { core, clock } = started
    await addUser(core, owner, 'dana', '482915')
    const attempt = (username: string, secret: string) =>
      core.call(core.openSession(), 'auth.signIn', { username, secret })
    // Three wrong tries are free; then each wrong one makes the next wait, 2 s, 4 s, 8 s...
    for (let i = 0; i < 3; i++)
      expect(await attempt('dana', '000001')).toMatchObject({ ok: false, error: { code: 'bad_credentials' } })
    const early = await attempt('dana', '482915')
    expect(early).toMatchObject({
      ok: false,
      error: { code: 'try_again_later', message: expect.stringContaining('2 seconds') }
    })
    clock.advance(2_000)
    expect(await attempt('dana', '000002')).toMatchObject({ ok: false, error: { code: 'bad_credentials' } })
    expect(await attempt('dana', '482915')).toMatchObject({
      ok: false,
      error: { code: 'try_again_later', message: expect.stringContaining('4 seconds') }
    })
    // A try while waiting is not counted: the wait does not grow with it.
    clock.advance(4_000)
    expect((await attempt('dana', '482915')).ok).toBe(true)
    // Success starts the count again.
    expect(await attempt('dana', '000003')).toMatchObject({ ok: false, error: { code: 'bad_credentials' } })
    expect((await attempt('dana', '482915')).ok).toBe(true)

    // Someone types wrong PINs at the only administrator's name for a long time...
    const password = 'Counter admin 2026'
    expect((await core.call(owner, 'auth.changeSecret', { current: '864209', next: password })).ok).toBe(true)
    for (let i = 0; i < 12; i++) {
      clock.advance(15 * 60_000)
      expect(await attempt('owner', '111112')).toMatchObject({ ok: false, error: { code: 'bad_credentials' } })
    }
    expect(await attempt('owner', '864209')).toMatchObject({ ok: false, error: { code: 'try_again_later' } })
    // ...and the administrator still signs in at once, with the password.
    expect(await attempt('owner', password)).toMatchObject({ ok: true, value: { user: { username: 'owner' } } })
    const failures = core.internals.audit.list({ limit: 100 }).filter((e) => e.command === 'auth.failedAttempt')
    expect(failures.length).toBeGreaterThanOrEqual(16)
  })

  it('slows a window that tries many names, whoever they are', async () => {
    let owner: string
    ;({ started, owner } = await liveWithOwner())
    const { core, clock } = started
    await addUser(core, owner, 'dana', '482915')
    const window = core.openSession()
    for (const name of ['amy', 'bob', 'cat'])
      expect(await core.call(window, 'auth.signIn', { username: name, secret: '482915' })).toMatchObject({
        ok: false,
        error: { code: 'bad_credentials', message: 'Unknown user, or wrong PIN or password.' }
      })
    expect(await core.call(window, 'auth.signIn', { username: 'dana', secret: '482915' })).toMatchObject({
      ok: false,
      error: { code: 'try_again_later', message: expect.stringContaining('from this window') }
    })
    clock.advance(2_000)
    expect((await core.call(window, 'auth.signIn', { username: 'dana', secret: '482915' })).ok).toBe(true)
  })

  it('renews the session id at sign-in: the id known before no longer works, events follow the new one', async () => {
    let owner: string
    ;({ started, owner } = await liveWithOwner())
    const { core } = started
    await addUser(core, owner, 'dana', '482915')
    const before = core.openSession()
    const heard: CounterEvent[] = []
    core.subscribe(before, (event) => heard.push(event))
    const signedIn = await core.call(before, 'auth.signIn', { username: 'dana', secret: '482915' })
    expect(signedIn.ok).toBe(true)
    if (!signedIn.ok) return
    const after = signedIn.renewedSessionId!
    expect(after).not.toBe(before)
    expect(await core.call(before, 'auth.session', {})).toMatchObject({ ok: false, error: { code: 'session_expired' } })
    expect(await core.call(after, 'auth.session', {})).toMatchObject({
      ok: true,
      value: { user: { username: 'dana' } }
    })
    expect(heard.map((event) => event.name)).toContain('session.changed')
    // Signing in by badge: the badge names the person; the PIN is still asked.
    const user = core.internals.users.byUsername('dana')!
    const badge = staffBadgePayload(user.id)
    expect(await core.call(core.openSession(), 'auth.signIn', { username: badge, secret: '000009' })).toMatchObject({
      ok: false,
      error: { code: 'bad_credentials' }
    })
    expect(await core.call(core.openSession(), 'auth.signIn', { username: badge, secret: '482915' })).toMatchObject({
      ok: true,
      value: { user: { username: 'dana' } }
    })
    const printed = await core.call(owner, 'users.badge', { id: user.id })
    expect(printed).toMatchObject({ ok: true, value: { code: badge, svg: expect.stringContaining('<svg') } })
  })

  it('sends events only to windows someone is signed in to, and only what their roles may see', async () => {
    started = await startTempCore({ autoSync: false, autoDevices: false })
    const { core } = started
    const listen = (session: string): string[] => {
      const names: string[] = []
      core.subscribe(session, (event) => names.push(event.name))
      return names
    }
    const nobody = listen(core.openSession())
    const admin = await signedInAs(core, 'admin', '9999')
    const pharmacist = await signedInAs(core, 'spatel', '1111')
    const adminHeard = listen(admin)
    const pharmacistHeard = listen(pharmacist)
    core.internals.events.broadcast('worklist.changed', { requestIds: ['fr_1'] })
    core.internals.events.broadcast('rp.changed', { current: null } as never)
    expect(nobody).toEqual([])
    expect(adminHeard).toEqual(['rp.changed'])
    expect(pharmacistHeard).toEqual(['worklist.changed', 'rp.changed'])
  })

  it('bounds the sessions, closes unused ones, and ends a sign-in after a shift', async () => {
    started = await startTempCore({
      autoSync: false,
      autoDevices: false,
      security: {
        scryptCost: TEST_SCRYPT,
        sessions: { maxSessions: 3, unusedExpiryMs: 60 * 60_000, signedInMaxMs: 10 * 3_600_000 }
      } as never
    })
    const { core, clock } = started
    const signedIn = await signedInAs(core, 'spatel', '1111')
    const opened = [core.openSession(), core.openSession(), core.openSession()]
    // The oldest window nobody signed in to made room; the signed-in one stays.
    expect(await core.call(opened[0]!, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'session_expired' } })
    expect((await core.call(signedIn, 'auth.session', {})).ok).toBe(true)
    const heard: Array<CounterEvent['payload']> = []
    core.subscribe(signedIn, (event) => heard.push(event.payload))
    // Nobody uses opened[1] for over an hour: closed. The signed-in window listens, so it stays...
    clock.advance(61 * 60_000)
    await new Promise((resolve) => setTimeout(resolve, 10_100))
    expect(await core.call(opened[1]!, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'session_expired' } })
    // ...until its sign-in has lasted the longest shift allowed: then it is signed out.
    clock.advance(9 * 3_600_000)
    await new Promise((resolve) => setTimeout(resolve, 10_100))
    expect(await core.call(signedIn, 'auth.session', {})).toMatchObject({ ok: true, value: null })
    expect(heard).toContain(null)
  }, 40_000)

  it('locks the screen after idle time; only the PIN unlocks it', async () => {
    started = await startTempCore()
    const { core, clock } = started
    let session = await signedInAs(core, 'spatel', '1111')
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
    const unlocked = await core.call(session, 'auth.unlock', { secret: '1111' })
    expect(unlocked).toMatchObject({ ok: true, value: { locked: false } })
    if (unlocked.ok && unlocked.renewedSessionId) session = unlocked.renewedSessionId
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
      secret: '651907'
    })
    expect(missing).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    const ok = await started.core.call(admin, 'users.create', {
      username: 'rk',
      displayName: 'Ravi Kumar',
      roles: ['pharmacist'],
      gphcNumber: '2099999',
      secret: '651907'
    })
    expect(ok).toMatchObject({ ok: true, value: { gphcNumber: '2099999' } })
    expect((await signedInAs(started.core, 'rk', '651907')).length).toBeGreaterThan(0)
  })
})
