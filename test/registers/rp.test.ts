import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../../src/main/core'
import type { CallInput, CallName, CallResult, CounterEvent } from '../../src/shared/contract'
import { TEST_SCRYPT, signedInAs, startTempCore, type ManualClock } from '../helpers/temp-core'

const MINUTE = 60_000

let core: Core
let clock: ManualClock
let stop: () => Promise<void>

beforeEach(async () => {
  ;({ core, clock, stop } = await startTempCore({
    autoSync: false,
    autoDevices: false,
    security: { scryptCost: TEST_SCRYPT, idleLockMs: 24 * 60 * MINUTE * 7 }
  }))
})
afterEach(async () => stop())

async function ok<N extends CallName>(session: string, name: N, input: CallInput<N>): Promise<CallResult<N>> {
  const answer = await core.call(session, name, input)
  if (!answer.ok) throw new Error(`${name}: ${answer.error.code} ${answer.error.message}`)
  return answer.value
}

async function refused<N extends CallName>(session: string, name: N, input: CallInput<N>) {
  const answer = await core.call(session, name, input)
  if (answer.ok) throw new Error(`${name} was expected to be refused`)
  return answer.error
}

/** A second pharmacist, and a pharmacist whose record lacks a GPhC number (only possible in the store). */
async function addPharmacists(admin: string): Promise<void> {
  await ok(admin, 'users.create', {
    username: 'jokafor',
    displayName: 'Jo Okafor',
    roles: ['pharmacist'],
    gphcNumber: '2054321',
    secret: '730418'
  })
  const nameless = await ok(admin, 'users.create', {
    username: 'nogphc',
    displayName: 'No Number',
    roles: ['dispenser'],
    gphcNumber: null,
    secret: '651907'
  })
  core.internals.users.update(nameless.id, { roles: ['pharmacist'] })
}

describe('Responsible Pharmacist record', () => {
  it('keeps one RP at a time, with the name and GPhC number from the user record, and tells every window', async () => {
    const admin = await signedInAs(core, 'admin', '9999')
    await addPharmacists(admin)
    const sam = await signedInAs(core, 'spatel', '1111')
    const jo = await signedInAs(core, 'jokafor', '730418')
    const dispenser = await signedInAs(core, 'ajones', '2222')
    const heard: CounterEvent[] = []
    core.subscribe(dispenser, (event) => heard.push(event))

    expect((await ok(dispenser, 'rp.status', {})).current).toBeNull()
    expect((await refused(dispenser, 'rp.signIn', {})).code).toBe('forbidden')

    const status = await ok(sam, 'rp.signIn', {})
    expect(status.current).toMatchObject({
      pharmacistName: 'Sam Patel',
      gphcNumber: '2071234',
      startedAt: clock.now().toISOString(),
      endedAt: null
    })
    expect(heard.filter((e) => e.name === 'rp.changed')).toHaveLength(1)

    const second = await refused(jo, 'rp.signIn', {})
    expect(second.code).toBe('conflict')
    expect(second.message).toContain('Sam Patel (GPhC 2071234), RP since 09:00')
    expect((await refused(sam, 'rp.signIn', {})).message).toMatch(/already signed in/)
    expect((await refused(jo, 'rp.signOut', {})).code).toBe('forbidden')

    clock.advance(60 * MINUTE)
    await ok(sam, 'rp.signOut', {})
    await ok(jo, 'rp.signIn', {})
    expect((await ok(dispenser, 'rp.status', {})).current?.pharmacistName).toBe('Jo Okafor')
  })

  it('refuses a pharmacist with no GPhC number on their record', async () => {
    const admin = await signedInAs(core, 'admin', '9999')
    await addPharmacists(admin)
    const nameless = await signedInAs(core, 'nogphc', '651907')
    const error = await refused(nameless, 'rp.signIn', {})
    expect(error.code).toBe('precondition_failed')
    expect(error.message).toContain('No Number has no GPhC registration number')
    expect((await ok(nameless, 'rp.status', {})).current).toBeNull()
  })

  it('flags absences over 2 hours in a day but records them, and only the RP records them', async () => {
    const sam = await signedInAs(core, 'spatel', '1111')
    const dispenser = await signedInAs(core, 'ajones', '2222')
    await ok(sam, 'rp.signIn', {})
    expect((await refused(dispenser, 'rp.startAbsence', {})).code).toBe('forbidden')

    clock.advance(30 * MINUTE)
    await ok(sam, 'rp.startAbsence', {})
    expect((await refused(sam, 'rp.startAbsence', {})).code).toBe('conflict')
    clock.advance(90 * MINUTE)
    const back = await ok(sam, 'rp.endAbsence', {})
    expect(back.absenceWarning).toBeNull()

    clock.advance(10 * MINUTE)
    const away = await ok(sam, 'rp.startAbsence', {})
    expect(away.absentSince).toBe(clock.now().toISOString())
    clock.advance(45 * MINUTE)
    const over = await ok(sam, 'rp.endAbsence', {})
    expect(over.absenceWarning).toContain('absent 2 h 15 min today: over the 2-hour limit')
    expect(over.current).toMatchObject({ longestDayAbsentMinutes: 135, absenceOverLimit: true })
    expect(over.current?.absences).toHaveLength(2)
    expect((await refused(sam, 'rp.endAbsence', {})).code).toBe('precondition_failed')
  })

  it('lets an administrator close a forgotten period only with a reason, ending an open absence with it', async () => {
    const admin = await signedInAs(core, 'admin', '9999')
    const sam = await signedInAs(core, 'spatel', '1111')
    await ok(sam, 'rp.signIn', {})
    await ok(sam, 'rp.startAbsence', {})
    clock.advance(8 * 60 * MINUTE)
    expect((await refused(admin, 'rp.signOut', {})).code).toBe('invalid_input')
    const closed = await ok(admin, 'rp.signOut', { reason: 'Sam left at 17:00 and forgot to sign out' })
    expect(closed.current).toBeNull()
    const [period] = await ok(admin, 'rp.list', { from: '2026-11-26', to: '2026-11-26' })
    expect(period).toMatchObject({
      endedBy: 'Training Administrator',
      endReason: 'Sam left at 17:00 and forgot to sign out',
      endedAt: clock.now().toISOString()
    })
    expect(period?.absences[0]?.returnedAt).toBe(clock.now().toISOString())
  })

  it('an administrator closing a forgotten period records when the pharmacist actually left, not when it was noticed', async () => {
    const sam = await signedInAs(core, 'spatel', '1111')
    const signedIn = await ok(sam, 'rp.signIn', {})
    const startedAt = signedIn.current!.startedAt
    clock.advance(9 * 60 * MINUTE)
    // Signed in after the long day (an idle session locks).
    const admin2 = await signedInAs(core, 'admin', '9999')
    const reason = 'Sam left at 17:00 and forgot to sign out'
    expect(
      (await refused(admin2, 'rp.signOut', { reason, endedAt: new Date(Date.parse(startedAt) - MINUTE).toISOString() }))
        .message
    ).toContain('must be between')
    expect(
      (await refused(admin2, 'rp.signOut', { reason, endedAt: new Date(clock.now().getTime() + MINUTE).toISOString() }))
        .message
    ).toContain('must be between')
    const leftAt = new Date(Date.parse(startedAt) + 8 * 60 * MINUTE).toISOString()
    await ok(admin2, 'rp.signOut', { reason, endedAt: leftAt })
    const [period] = await ok(admin2, 'rp.list', { from: '2026-11-26', to: '2026-11-27' })
    expect(period).toMatchObject({ endedAt: leftAt, endReason: reason })
  })

  it('never edits or deletes an entry: only closing once is allowed, at the database too', async () => {
    const sam = await signedInAs(core, 'spatel', '1111')
    await ok(sam, 'rp.signIn', {})
    await ok(sam, 'rp.startAbsence', {})
    clock.advance(5 * MINUTE)
    await ok(sam, 'rp.endAbsence', {})
    await ok(sam, 'rp.signOut', {})
    const sqlite = core.internals.store.sqlite
    expect(() => sqlite.prepare("UPDATE rp_periods SET pharmacist_name = 'Someone Else'").run()).toThrow(/append-only/)
    expect(() => sqlite.prepare("UPDATE rp_periods SET ended_at = '2026-11-26T18:00:00.000Z'").run()).toThrow(
      /append-only/
    )
    expect(() => sqlite.prepare("UPDATE rp_absences SET returned_at = '2026-11-26T09:01:00.000Z'").run()).toThrow(
      /append-only/
    )
    expect(() => sqlite.prepare('DELETE FROM rp_absences').run()).toThrow(/append-only/)
    expect(() => sqlite.prepare('DELETE FROM rp_periods').run()).toThrow(/append-only/)
    expect(() =>
      sqlite.prepare("INSERT INTO rp_absences (period_id, started_at) VALUES (1, '2026-11-26T10:00:00.000Z')").run()
    ).toThrow(/only while its RP period is open/)
    // Every change has its audit entry.
    const commands = (await ok(sam, 'audit.list', { limit: 20 })).map((entry) => entry.command)
    expect(commands.filter((c) => c.startsWith('rp.'))).toEqual(
      expect.arrayContaining(['rp.signIn', 'rp.startAbsence', 'rp.endAbsence', 'rp.signOut'])
    )
  })

  it('lists periods by the pharmacy’s dates and exports them as CSV and PDF', async () => {
    const sam = await signedInAs(core, 'spatel', '1111')
    await ok(sam, 'rp.signIn', {})
    clock.advance(3 * 60 * MINUTE)
    await ok(sam, 'rp.startAbsence', {})
    clock.advance(20 * MINUTE)
    await ok(sam, 'rp.endAbsence', {})
    await ok(sam, 'rp.signOut', {})
    clock.advance(24 * 60 * MINUTE)
    await ok(sam, 'rp.signIn', {})

    expect(await ok(sam, 'rp.list', { from: '2026-11-25', to: '2026-11-25' })).toEqual([])
    expect(await ok(sam, 'rp.list', { from: '2026-11-26', to: '2026-11-26' })).toHaveLength(1)
    expect(await ok(sam, 'rp.list', { from: '2026-11-26', to: '2026-11-27' })).toHaveLength(2)
    expect((await refused(sam, 'rp.list', { from: '2026-11-27', to: '2026-11-26' })).code).toBe('invalid_input')

    const csv = await ok(sam, 'rp.export', { from: '2026-11-26', to: '2026-11-27', format: 'csv' })
    expect(csv).toMatchObject({
      fileName: 'responsible-pharmacist-record_2026-11-26_2026-11-27.csv',
      mimeType: 'text/csv;charset=utf-8'
    })
    const lines = Buffer.from(csv.base64, 'base64')
      .toString('utf8')
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n')
    expect(lines).toHaveLength(4)
    expect(lines[0]).toMatch(/^Pharmacist,GPhC number,RP from,RP until,/)
    expect(lines[1]).toBe(
      'Sam Patel,2071234,"26/11/2026, 09:00","26/11/2026, 12:20","26/11/2026, 12:00 – 26/11/2026, 12:20",20 min,no,Sam Patel,'
    )
    expect(lines[2]).toMatch(/^Sam Patel,2071234,"27\/11\/2026, 12:20",still RP,/)
    // The audit trail's head as it stood, to keep with the record.
    const head = core.internals.audit.head()!
    expect(lines[3]).toBe(`"Audit trail at entry ${head.seq}, hash ${head.hash}"`)

    const pdf = await ok(sam, 'rp.export', { from: '2026-11-26', to: '2026-11-27', format: 'pdf' })
    expect(pdf.mimeType).toBe('application/pdf')
    const { pdfPageTexts } = await import('../helpers/pdf-text')
    const [page = ''] = await pdfPageTexts(Buffer.from(pdf.base64, 'base64'))
    expect(page).toContain('Responsible Pharmacist record')
    expect(page).toContain('2071234')
    expect(page.replace(/\s+/g, '')).toContain(`hash${core.internals.audit.head()!.hash}`)
  })
})
