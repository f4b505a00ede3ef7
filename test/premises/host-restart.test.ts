import { describe, expect, it } from 'vitest'
import { premisesHostEachTest } from '../helpers/premises'
import { until } from '../helpers/until'

/**
 * The host itself stopped (its process, not a cable): every bench says so and refuses, its scans
 * kept as not sent; the host started again on the same store, the benches are still joined, their
 * windows are told their sessions ended (sign in again), and what was done is read from the host.
 */
describe('a premises host stopped and started again', () => {
  const host = premisesHostEachTest()

  it('a bench refuses while the host is stopped, and works on with it once started again', async () => {
    const bench1 = await host().bench('Bench 1')
    const bench2 = await host().bench('Bench 2')
    const alex = await bench1.signIn('ajones', '2222')
    const sam = await bench2.signIn('spatel', '1111')
    const accepted = await bench1.link.dispatch(alex, 'requests.accept', { id: 'fr_V1Z0L' })
    expect(accepted.ok ? 'ok' : accepted.error.message).toBe('ok')

    // The host stops.
    await host().down()
    await until(
      () => bench2.heard.some((e) => e.name === 'premises.connection' && !e.payload.connected),
      'bench 2 told the host is lost'
    )
    const lost = bench2.heard.findLast((e) => e.name === 'premises.connection')
    expect(lost?.name === 'premises.connection' && lost.payload.lostSince).toBeTruthy()
    const refused = await bench2.link.dispatch(sam, 'requests.accept', { id: 'fr_F2S5N' })
    expect(refused.ok ? '' : refused.error.message).toMatch(/^The host cannot be reached \(since \d\d:\d\d\)/)
    const scan = await bench2.link.dispatch(sam, 'scan.submit', { raw: 'PC-REQ:fr_F2S5N', source: 'wedge' })
    expect(scan.ok ? '' : scan.error.message).toMatch(/kept here as not sent/)
    expect(bench2.link.connection.unsentScans.map((s) => s.raw)).toEqual(['PC-REQ:fr_F2S5N'])

    // Started again on the same store and certificate, at the same address.
    await host().up()
    const core = host().temp.core
    await until(() => bench2.link.connection.connected, 'bench 2 back', 15_000)
    // The host forgot the windows' sessions: each is told so (the screen goes to sign-in), never
    // left waiting on a stream that will not answer.
    await until(
      () => bench2.heard.some((e) => e.name === 'session.changed' && e.payload === null),
      'bench 2 told its session ended'
    )
    const stale = await bench2.link.dispatch(sam, 'worklist.get', {})
    expect(stale.ok ? '' : stale.error.code).toBe('session_expired')
    // Still joined: the bench signs in again, reads what was done while it was away, and works on.
    const again = await bench2.signIn('spatel', '1111')
    const seen = await bench2.link.dispatch(again, 'requests.get', { id: 'fr_V1Z0L' })
    expect(seen.ok && (seen.value as { row: { stage: string } }).row.stage).toBe(
      core.internals.requests.get('fr_V1Z0L')?.row.stage
    )
    expect(seen.ok && (seen.value as { row: { stage: string } }).row.stage).not.toBe('new')
    const now = await bench2.link.dispatch(again, 'requests.accept', { id: 'fr_F2S5N' })
    expect(now.ok ? 'ok' : now.error.message).toBe('ok')
    // The scan kept while the host was away was not sent by itself.
    expect(bench2.link.connection.unsentScans.map((s) => s.raw)).toEqual(['PC-REQ:fr_F2S5N'])
    // And Bench 1 hears Bench 2's work once it too has signed in again.
    const alexAgain = await bench1.signIn('ajones', '2222')
    const onOne = await bench1.link.dispatch(alexAgain, 'requests.get', { id: 'fr_F2S5N' })
    expect(onOne.ok && (onOne.value as { row: { stage: string } }).row.stage).not.toBe('new')
  })
})
