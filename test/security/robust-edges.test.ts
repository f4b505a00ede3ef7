/** The edges an audit found soft: each now answers in words instead of freezing, throwing or leaking. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBrowserHost, type BrowserHost } from '../../src/browser/server'
import { buildBagLabel, deliveryServiceName } from '../../src/main/labels/bag-label'
import { carriersSchema, checkTrackingNumber, patternProblem } from '../../src/shared/dispatch/carriers'
import { DEFAULT_BODY_LIMIT, bodyLimit } from '../../src/shared/contract/body-limits'
import { signedInAs, startTempCore, tempDir, type TempCore } from '../helpers/temp-core'

describe('carrier tracking patterns', () => {
  it('refuses patterns that backtrack catastrophically, and keeps the formats carriers use', () => {
    for (const unsafe of [
      '([A-Z0-9]+)+',
      '(a|aa)+$',
      '(\\d+)*X',
      '((ab)*c)+',
      '(?:\\w+\\s?)+$',
      '(x)\\1',
      '(?=\\d)\\d+',
      '\\d*\\d*\\d*\\d*\\d*\\d*\\d*\\d*X'
    ])
      expect(patternProblem(unsafe), unsafe).not.toBeNull()
    for (const safe of [
      '^\\d{14}$',
      '^[A-Z]{2}\\d{9}GB$',
      '^(JD|JJD)\\d{16,18}$',
      '^\\d{10}$|^\\d{12}$',
      '^[A-Z]?\\d{8,10}[A-Z]{0,2}$'
    ])
      expect(patternProblem(safe), safe).toBeNull()
    const saved = carriersSchema.safeParse({
      services: [{ code: 'courier_x', carrier: 'X', service: 'Next day', tracking: 'pattern', pattern: '([A-Z0-9]+)+' }]
    })
    expect(saved.success).toBe(false)
  })

  it('checks no more than 40 characters, and matches nothing with an unsafe pattern kept from before', () => {
    const service = {
      code: 'courier_x',
      carrier: 'X',
      service: 'Next day',
      tracking: 'pattern' as const,
      pattern: '^\\d{14}$',
      enabled: true
    }
    expect(checkTrackingNumber(service, '1'.repeat(41))).toMatchObject({
      ok: false,
      message: expect.stringContaining('at most 40')
    })
    expect(checkTrackingNumber(service, '12345678901234')).toMatchObject({ ok: true })
    // Before the check existed, this pattern could be saved; against this text it would run for minutes.
    const unsafe = { ...service, pattern: '([A-Z0-9]+)+' }
    expect(checkTrackingNumber(unsafe, `${'A'.repeat(39)}!`)).toMatchObject({ ok: false })
  })
})

describe('lookups by a service code', () => {
  it('find no property of Object', () => {
    for (const code of ['valueOf', '__proto__', 'constructor', 'toString', 'hasOwnProperty'])
      expect(deliveryServiceName(code), code).toBe(code.replace(/_/g, ' '))
    const label = buildBagLabel({
      requestId: 'fr_1',
      patientName: 'A Patient',
      recipientName: 'A Patient',
      address: { line1: '1 Road', city: 'Leeds', postcode: 'LS1 1AA', country: 'GB' },
      service: 'valueOf'
    })
    expect(JSON.stringify(label)).toContain('valueOf')
  })
})

describe('the contract', () => {
  let started: TempCore
  beforeAll(async () => {
    started = await startTempCore({ autoDevices: false })
  })
  afterAll(async () => started?.stop())

  it('bounds dates in the schema: year 0001 or 9999 is invalid input, not a crash', async () => {
    const pharmacist = await signedInAs(started.core, 'spatel', '1111')
    for (const [from, to] of [
      ['0001-01-01', '0001-12-31'],
      ['2026-01-01', '9999-12-31']
    ] as const) {
      expect(await started.core.call(pharmacist, 'rp.list', { from, to })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', message: expect.stringContaining('2000-01-01') }
      })
      expect(await started.core.call(pharmacist, 'registers.pom.list', { from, to })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' }
      })
    }
    expect((await started.core.call(pharmacist, 'rp.list', { from: '2026-11-01', to: '2026-11-30' })).ok).toBe(true)
  })

  it('answers not found for a batch that does not exist, whichever way the stock moves', async () => {
    const pharmacist = await signedInAs(started.core, 'spatel', '1111')
    for (const delta of [5, -5])
      expect(
        await started.core.call(pharmacist, 'stock.adjust', { batchId: 987654, delta, reason: 'Counted again' })
      ).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })
})

describe('browser mode', () => {
  let started: TempCore
  let host: BrowserHost
  const token = 'robust-edges-token-0123456789'
  beforeAll(async () => {
    started = await startTempCore({ autoDevices: false })
    const renderer = tempDir('counter-renderer-')
    host = await startBrowserHost({ core: started.core, token, rendererDir: renderer.path })
  })
  afterAll(async () => {
    await host?.close()
    await started?.stop()
  })

  const post = (path: string, body: string | Buffer, sessionId = '') =>
    fetch(`${host.url}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'X-Counter-Session': sessionId, 'Content-Type': 'application/json' },
      body
    })

  it('answers 400 to an address it cannot decode, not 500', async () => {
    const session = ((await (await post('/api/session', '')).json()) as { sessionId: string }).sessionId
    expect((await post('/api/call/%E0%A4%A', '{}', session)).status).toBe(400)
    expect((await fetch(`${host.url}/%E0%A4%A`)).status).toBe(400)
    expect((await fetch(`${host.url}/assets/%ZZ.js`)).status).toBe(400)
  })

  // A 4.5 MB file parsed and matched line by line: seconds on a quiet machine, far more on a loaded one.
  it("answers 413 past a call's body limit, and takes a carrier CSV as large as its schema allows", async () => {
    const session = ((await (await post('/api/session', '')).json()) as { sessionId: string }).sessionId
    const big = JSON.stringify({ username: 'x'.repeat(DEFAULT_BODY_LIMIT), secret: '1' })
    expect((await post('/api/call/auth.signIn', big, session)).status).toBe(413)
    expect(bodyLimit('dispatch.importOutcomes')).toBeGreaterThanOrEqual(3 * 5_000_000)
    const signIn = await post('/api/call/auth.signIn', JSON.stringify({ username: 'ajones', secret: '2222' }), session)
    const signedIn = (await signIn.json()) as { renewedSessionId: string }
    const csv = `tracking,status,date\n${'AB000000000GB,delivered,26/11/2026 10:00\n'.repeat(110_000)}`
    expect(csv.length).toBeGreaterThan(4_500_000)
    const answer = await post(
      '/api/call/dispatch.importOutcomes',
      JSON.stringify({ fileName: 'big.csv', csv }),
      signedIn.renewedSessionId
    )
    expect(answer.status).toBe(200)
    expect(await answer.json()).toMatchObject({ ok: true })
  }, 120_000)
})
