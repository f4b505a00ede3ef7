import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { settle } from '../helpers/linked'
import { startPremisesHost, type PremisesHost } from '../helpers/premises'
import { signedInAs } from '../helpers/temp-core'
import { until } from '../helpers/until'

/**
 * README (the premises host): "a removed bench is refused at once". A bench is removed because it
 * was lost, stolen or replaced; what it already holds open (a signed-in window's event stream, the
 * printer it offers) must end with the removal, not carry on hearing the pharmacy's work.
 */
describe('a removed bench', () => {
  let host: PremisesHost

  beforeEach(async () => {
    host = await startPremisesHost()
    await settle(host.temp.core)
  })
  afterEach(async () => {
    await host.stop()
  })

  it('hears nothing more of the pharmacy once an administrator removes it', async () => {
    const bench = await host.bench('Bench 2')
    await bench.signIn('ajones', '2222')
    const pharmacist = await signedInAs(host.temp.core, 'spatel', '1111')

    // Before removal the bench's window hears the host's work as it happens.
    expect((await host.temp.core.call(pharmacist, 'requests.accept', { id: 'fr_V1Z0L' })).ok).toBe(true)
    await until(
      () => bench.heard.some((e) => e.name === 'worklist.changed' && e.payload.requestIds.includes('fr_V1Z0L')),
      'the bench hears the accept'
    )

    const removed = await host.temp.core.call(host.admin, 'premises.revoke', { id: bench.pairing.workstationId })
    expect(removed.ok).toBe(true)
    const heardAtRemoval = bench.heard.length

    // The pharmacy works on: a request news event every staff window hears.
    expect((await host.temp.core.call(pharmacist, 'requests.accept', { id: 'fr_F2S5N' })).ok).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    const ofTheNewWork = bench.heard
      .slice(heardAtRemoval)
      .filter((e) => JSON.stringify(e.payload).includes('fr_F2S5N'))
      .map((e) => e.name)
    expect(ofTheNewWork, 'events of work after the removal that the removed bench heard').toEqual([])
  })
})
