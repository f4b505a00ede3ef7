import { createWriteStream } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import type { CounterEvent, ScanView } from '../../src/shared/contract'
import { startPtyPair, type PtyPair } from '../helpers/socat'
import { signedInAs, startTempCore } from '../helpers/temp-core'
import { until } from '../helpers/until'

type Started = Awaited<ReturnType<typeof startTempCore>>
let started: Started | undefined
let pty: PtyPair | undefined
afterEach(async () => {
  await started?.stop()
  await pty?.stop()
  started = undefined
  pty = undefined
})

const GS = '\u001d'

describe('the scan pipeline', () => {
  it('reads real GS1 scans from a serial scanner (a pty pair) and tells the windows what they are', async () => {
    pty = await startPtyPair()
    started = await startTempCore()
    const admin = await signedInAs(started.core, 'admin', '9999')
    const scans: ScanView[] = []
    started.core.subscribe(admin, (event: CounterEvent) => {
      if (event.name === 'scan.received') scans.push(event.payload)
    })
    const status = await started.core.call(admin, 'devices.status', {})
    if (!status.ok) throw new Error(status.error.message)
    const set = await started.core.call(admin, 'devices.setSettings', {
      ...status.value.settings,
      serialScanners: [{ id: 'bench', label: 'Bench scanner', path: pty.appPath, baudRate: 9600, suffix: 'CR' }]
    })
    expect(set.ok).toBe(true)
    await until(
      () => started!.core.internals.devices.view().scanners[0]?.state === 'connected',
      'the scanner to connect'
    )

    const device = createWriteStream(pty.devicePath)
    device.write(`]d20109506000134352${'10'}B123${GS}17281130${'21'}S42\r`)
    device.write('not a barcode\r')
    await until(() => scans.length >= 2, 'two scans')
    device.end()
    expect(scans[0]).toMatchObject({
      source: 'serial',
      device: 'Bench scanner',
      classification: {
        kind: 'gs1',
        gs1: { gtin: '09506000134352', batch: 'B123', expiry: { iso: '2028-11-30' }, serial: 'S42' }
      }
    })
    expect(scans[1]).toMatchObject({
      classification: { kind: 'unknown', raw: 'not a barcode', visible: 'not a barcode' }
    })
  })

  it('classifies keyboard-wedge scans with the paired separator, and points our own labels at their request', async () => {
    started = await startTempCore()
    await until(() => started!.core.internals.requests.worklist(false).rows.length > 0, 'the demo day to arrive')
    const pharmacist = await signedInAs(started.core, 'spatel', '1111')
    const setWedge = await started.core.call(pharmacist, 'devices.setWedge', {
      maxGapMs: 30,
      minLength: 6,
      gsSubstitute: '<GS>',
      gsMissing: false
    })
    expect(setWedge.ok).toBe(true)
    const pack = await started.core.call(pharmacist, 'scan.submit', {
      raw: '0109506000134352' + '10LOT9<GS>' + '17301231',
      source: 'wedge'
    })
    expect(pack).toMatchObject({
      ok: true,
      value: { classification: { kind: 'gs1', gs1: { batch: 'LOT9', expiry: { iso: '2030-12-31' } } } }
    })
    const id = started.core.internals.requests.worklist(false).rows[0]!.id
    const label = await started.core.call(pharmacist, 'scan.submit', { raw: `PC-REQ:${id}`, source: 'wedge' })
    expect(label).toMatchObject({ ok: true, value: { requestId: id, classification: { kind: 'request-label' } } })
    const stranger = await started.core.call(pharmacist, 'scan.submit', { raw: 'PC-REQ:fr_NOT_HERE', source: 'wedge' })
    expect(stranger).toMatchObject({ ok: true, value: { requestId: null } })
  })
})
