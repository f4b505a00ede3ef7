import { request } from 'node:https'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HostLink } from '../../src/premises/host-link'
import { pairWithHost } from '../../src/premises/pair-with-host'
import { hostCertificate } from '../../src/premises/certificate'
import { settle } from '../helpers/linked'
import { startPremisesHost, type PremisesHost } from '../helpers/premises'
import { startRelay, type Relay } from '../helpers/tcp-relay'
import { tempDir } from '../helpers/temp-core'
import { until } from '../helpers/until'

/** A call to the host with no device credential, as anything else on the premises network could make. */
function anonymousCall(url: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, url), { method: 'POST', rejectUnauthorized: false }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end('{}')
  })
}

describe('the premises host', () => {
  let host: PremisesHost
  let relay: Relay | null = null

  beforeEach(async () => {
    host = await startPremisesHost()
    await settle(host.temp.core)
  })
  afterEach(async () => {
    await relay?.close()
    relay = null
    await host.stop()
  })

  it('pairs a bench with a one-time code: a wrong code, a reused code and a revoked bench are refused', async () => {
    await expect(pairWithHost(host.url, '00000000', 'Bench 9', host.certificate.fingerprint)).rejects.toThrow(
      /not valid/
    )
    const code = await host.link()
    const pairing = await pairWithHost(host.url, code, 'Bench 2')
    expect(pairing.fingerprint).toBe(host.certificate.fingerprint)
    await expect(pairWithHost(host.url, code, 'Bench 3')).rejects.toThrow(/not valid/)

    // Without a device credential nothing is served, not even a session.
    expect(await anonymousCall(host.url, '/api/session')).toBe(401)
    expect(await anonymousCall(host.url, '/api/call/app.info')).toBe(401)

    const link = new HostLink(pairing)
    const session = await link.openSession()
    expect((await link.dispatch(session, 'app.info', {})).ok).toBe(true)
    // Without a user session, a call that needs one is refused.
    const anonymous = await link.dispatch(session, 'worklist.get', {})
    expect(anonymous.ok ? null : anonymous.error.code).toBe('not_signed_in')

    const listed = await host.temp.core.call(host.admin, 'premises.overview', {})
    expect(listed.ok && listed.value.workstations.map((w) => [w.name, w.revokedAt])).toEqual([['Bench 2', null]])
    expect(listed.ok && listed.value.workstations[0]?.lastContactAt).toBeTruthy()
    expect((await host.temp.core.call(host.admin, 'premises.revoke', { id: pairing.workstationId })).ok).toBe(true)
    await expect(link.openSession()).rejects.toThrow(/not joined/)
    const refused = await link.dispatch(session, 'app.info', {})
    expect(refused.ok).toBe(false)
    link.close()
  })

  it('stops taking pairing codes for a minute after ten wrong ones', async () => {
    for (let i = 0; i < 10; i++)
      await expect(pairWithHost(host.url, '0000000' + i, 'Bench 9', host.certificate.fingerprint)).rejects.toThrow(
        /not valid/
      )
    await expect(pairWithHost(host.url, await host.link(), 'Bench 9')).rejects.toThrow(/Too many wrong pairing codes/)
  })

  it('talks only to the certificate pinned at pairing', async () => {
    const pairing = await pairWithHost(host.url, await host.link(), 'Bench 2')
    const otherKeys = tempDir('counter-other-keys-')
    const other = await hostCertificate(otherKeys.path, ['127.0.0.1'])
    const link = new HostLink({ ...pairing, certificate: other.cert, fingerprint: other.fingerprint })
    await expect(link.openSession()).rejects.toThrow()
    link.close()
    otherKeys.remove()
  })

  it('two benches, one request: one accept succeeds, the other is told who; a claim is shown, kept and taken over', async () => {
    const bench1 = await host.bench('Bench 1')
    const bench2 = await host.bench('Bench 2')
    const alex = await bench1.signIn('ajones', '2222')
    const sam = await bench2.signIn('spatel', '1111')
    const list1 = await bench1.link.dispatch(alex, 'worklist.get', {})
    const list2 = await bench2.link.dispatch(sam, 'worklist.get', {})
    expect(list1.ok && list2.ok).toBe(true)
    const rows = (list1.ok ? list1.value : null) as { rows: Array<{ id: string; revision: number }> }
    expect(rows.rows.map((r) => r.id)).toEqual(
      ((list2.ok ? list2.value : null) as { rows: Array<{ id: string }> }).rows.map((r) => r.id)
    )
    const contested = 'fr_V1Z0L'
    const revision = rows.rows.find((r) => r.id === contested)!.revision

    const [first, second] = await Promise.all([
      bench1.link.dispatch(alex, 'requests.accept', { id: contested, basedOnRevision: revision }),
      bench2.link.dispatch(sam, 'requests.accept', { id: contested, basedOnRevision: revision })
    ])
    const answers = [first, second]
    expect(answers.filter((a) => a.ok)).toHaveLength(1)
    const loser = answers.find((a) => !a.ok)!
    // Accepting runs the stock check in the same step: the last thing done is one or the other.
    expect(loser.ok ? '' : loser.error.message).toMatch(/(Accept|Check stock) by (Alex Jones|Sam Patel)/)
    // Exactly one accepted event for Phensys.
    const accepted = host.temp.core.internals.outbox.forRequest(contested).filter((e) => e.type === 'accepted')
    expect(accepted).toHaveLength(1)

    // A request the training stock holds, accepted and checked, then Alex starts dispensing at
    // Bench 1: Sam at Bench 2 sees the claim.
    const id = 'fr_F2S5N'
    const current = async (): Promise<number> => {
      const got = await bench1.link.dispatch(alex, 'requests.get', { id })
      return got.ok ? (got.value as { row: { revision: number } }).row.revision : -1
    }
    const ours = await bench1.link.dispatch(alex, 'requests.accept', { id, basedOnRevision: await current() })
    expect(ours.ok ? (ours.value as { row: { stage: string } }).row.stage : ours.error.message).toBe(
      'ready_to_dispense'
    )
    const started = await bench1.link.dispatch(alex, 'requests.startDispensing', {
      id,
      basedOnRevision: await current()
    })
    expect(started.ok ? 'ok' : started.error.message).toBe('ok')
    const seen = await bench2.link.dispatch(sam, 'requests.get', { id })
    const claim = seen.ok ? (seen.value as { row: { claim: unknown } }).row.claim : null
    expect(claim).toMatchObject({ userName: 'Alex Jones', benchName: 'Bench 1', stage: 'dispensing' })
    // Bench 2 heard the change as it happened.
    await until(() => bench2.heard.some((e) => e.name === 'worklist.changed'), 'bench 2 told of the change')

    // A stale revision is refused before anything is written; so is work on the claimed request elsewhere.
    const stale = await bench1.link.dispatch(alex, 'requests.printLabels', { id, basedOnRevision: 0 })
    expect(stale.ok ? '' : stale.error.message).toMatch(/changed since your screen showed it/)
    const elsewhere = await bench2.link.dispatch(sam, 'requests.printLabels', { id, basedOnRevision: await current() })
    expect(elsewhere.ok ? '' : elsewhere.error.message).toMatch(/Dispensing at Bench 1 by Alex Jones since \d\d:\d\d/)
    const scan = await bench2.link.dispatch(sam, 'dispensing.scanPack', { id, lineId: 'l1', raw: '0105000000000001' })
    expect(scan.ok ? '' : scan.error.message).toMatch(/being worked elsewhere/)

    // Sam, a pharmacist, takes it over: audited with whose it was.
    const taken = await bench2.link.dispatch(sam, 'requests.takeOver', { id })
    expect(taken.ok ? 'ok' : taken.error.message).toBe('ok')
    const after = await bench1.link.dispatch(alex, 'requests.get', { id })
    expect(after.ok && (after.value as { row: { claim: unknown } }).row.claim).toMatchObject({
      userName: 'Sam Patel',
      benchName: 'Bench 2'
    })
    const audit = await bench2.link.dispatch(sam, 'audit.list', { entityId: id, limit: 5 })
    const entries = (audit.ok ? audit.value : []) as Array<{ command: string }>
    expect(entries.find((e) => e.command === 'requests.takeOver')).toMatchObject({
      actorName: 'Sam Patel',
      summary: { takenOverFrom: { userName: 'Alex Jones', benchName: 'Bench 1' } }
    })
    const released = await bench2.link.dispatch(sam, 'requests.releaseClaim', { id })
    expect(released.ok && (released.value as { row: { claim: unknown } }).row.claim).toBeNull()
  })

  it('a bench that loses the host refuses everything, keeps its scans as not sent, and catches up when back', async () => {
    relay = await startRelay(host.listener.port)
    const bench1 = await host.bench('Bench 1')
    const bench2 = await host.bench('Bench 2', { via: `https://127.0.0.1:${relay.port}` })
    const alex = await bench1.signIn('ajones', '2222')
    const sam = await bench2.signIn('spatel', '1111')
    await new Promise((resolve) => setTimeout(resolve, 300))

    relay.cut()
    await until(
      () => bench2.heard.some((e) => e.name === 'premises.connection' && !e.payload.connected),
      'bench 2 told the host is lost'
    )
    const refused = await bench2.link.dispatch(sam, 'requests.accept', { id: 'fr_V1Z0L' })
    expect(refused.ok ? '' : refused.error.code).toBe('host_unreachable')
    const query = await bench2.link.dispatch(sam, 'worklist.get', {})
    expect(query.ok ? '' : query.error.code).toBe('host_unreachable')
    const scan = await bench2.link.dispatch(sam, 'scan.submit', { raw: 'PC-REQ:fr_V1Z0L', source: 'wedge' })
    expect(scan.ok ? '' : scan.error.message).toMatch(/kept here as not sent/)
    expect(bench2.link.connection.unsentScans.map((s) => s.raw)).toEqual(['PC-REQ:fr_V1Z0L'])
    // Nothing of it reached the host.
    expect(host.temp.core.internals.requests.get('fr_V1Z0L')?.row.stage).toBe('new')

    // Meanwhile the other bench works on.
    expect((await bench1.link.dispatch(alex, 'requests.accept', { id: 'fr_V1Z0L' })).ok).toBe(true)

    relay.restore()
    await until(() => bench2.link.connection.connected, 'bench 2 back')
    // The change made while it was away reaches it once back.
    await until(
      () => bench2.heard.some((e) => e.name === 'worklist.changed' && e.payload.requestIds.includes('fr_V1Z0L')),
      'bench 2 caught up'
    )
    const back = await bench2.link.dispatch(sam, 'requests.get', { id: 'fr_V1Z0L' })
    const onHost = host.temp.core.internals.requests.get('fr_V1Z0L')?.row.stage
    expect(onHost).not.toBe('new')
    expect(back.ok && (back.value as { row: { stage: string } }).row.stage).toBe(onHost)
  })
})
