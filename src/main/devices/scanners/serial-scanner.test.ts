import { SerialPort } from 'serialport'
import { afterEach, describe, expect, it } from 'vitest'
import { GS, encodeGs1, packFields } from '@shared/gs1'
import { classifyScan } from '@shared/scan/classify'
import { listSerialPorts } from '../serial-ports'
import { startPtyPair, type PtyPair } from '../../../../test/helpers/socat'
import {
  createSerialScanner,
  type ScanEvent,
  type ScannerState,
  type SerialScanner,
  type SerialScannerConfig
} from './serial-scanner'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.()
})

const PACK = encodeGs1(packFields({ gtin: '05012345678900', expiry: '270300', batch: 'B12-X', serial: 'SN00042' }))
const PACK_2 = encodeGs1([
  { ai: '01', data: '05012345678900' },
  { ai: '21', data: 'ABC123' },
  { ai: '10', data: 'L7' },
  { ai: '17', data: '281231' }
])

async function pair(): Promise<PtyPair> {
  const p = await startPtyPair()
  cleanups.push(() => p.stop())
  return p
}

/** The scanner end: writes bytes as the scanner would. */
async function device(
  path: string
): Promise<{ write: (data: string | Buffer) => Promise<void>; close: () => Promise<void> }> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false })
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())))
  const close = () => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve()))
  cleanups.push(close)
  return {
    write: (data) =>
      new Promise((resolve, reject) => {
        port.write(data)
        port.drain((error) => (error ? reject(error) : resolve()))
      }),
    close
  }
}

function scanner(config: SerialScannerConfig): { scanner: SerialScanner; scans: ScanEvent[]; states: ScannerState[] } {
  const s = createSerialScanner({ reconnect: { initialDelayMs: 40, maxDelayMs: 200, factor: 2 }, ...config })
  const scans: ScanEvent[] = []
  const states: ScannerState[] = []
  s.onScan((scan) => scans.push(scan))
  s.onState((state) => states.push(state))
  cleanups.push(() => s.stop())
  return { scanner: s, scans, states }
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('serial scanner over a socat pty pair', () => {
  it('emits each complete GS1 scan (GS kept), however the bytes are chunked', async () => {
    const ptys = await pair()
    const { scanner: s, scans } = scanner({ path: ptys.appPath, baudRate: 9600, suffix: 'CR' })
    s.start()
    await until(() => s.state().status === 'connected')
    const dev = await device(ptys.devicePath)
    await dev.write(`]d2${PACK.slice(0, 10)}`)
    await new Promise((resolve) => setTimeout(resolve, 30))
    await dev.write(`${PACK.slice(10)}\r${PACK_2}\r`)
    await until(() => scans.length === 2)
    expect(scans.map((scan) => scan.text)).toEqual([`]d2${PACK}`, PACK_2])
    expect(scans.every((scan) => scan.terminated && scan.port === ptys.appPath)).toBe(true)
    expect(PACK).toContain(GS)
    expect(classifyScan(scans[0]?.text ?? '')).toMatchObject({
      kind: 'gs1',
      gs1: { gtin: '05012345678900', batch: 'B12-X', serial: 'SN00042', expiry: { iso: '2027-03-31' } }
    })
    expect(classifyScan(scans[1]?.text ?? '')).toMatchObject({ kind: 'gs1', gs1: { serial: 'ABC123', batch: 'L7' } })
  })

  it('honours TAB and CRLF suffixes, and a quiet gap when there is none', async () => {
    for (const [suffix, ending] of [
      ['TAB', '\t'],
      ['CRLF', '\r\n'],
      ['NONE', '']
    ] as const) {
      const ptys = await pair()
      const { scanner: s, scans } = scanner({
        path: ptys.appPath,
        baudRate: 9600,
        suffix,
        idleFlushMs: suffix === 'NONE' ? 60 : undefined
      })
      s.start()
      await until(() => s.state().status === 'connected')
      const dev = await device(ptys.devicePath)
      await dev.write(`${PACK}${ending}`)
      await until(() => scans.length === 1)
      expect(scans[0]).toMatchObject({ text: PACK, terminated: suffix !== 'NONE' })
    }
  })

  it('reports disconnection when the port disappears and reconnects when it comes back', async () => {
    const ptys = await pair()
    const { scanner: s, scans, states } = scanner({ path: ptys.appPath, baudRate: 9600, suffix: 'CR' })
    s.start()
    await until(() => s.state().status === 'connected')
    let dev = await device(ptys.devicePath)
    await dev.write(`${PACK}\r`)
    await until(() => scans.length === 1)

    await dev.close()
    await ptys.stop()
    await until(() => s.state().status === 'disconnected')
    await until(() => states.filter((state) => state.status === 'disconnected').length >= 2) // it keeps retrying
    const retrying = s.state()
    expect(retrying).toMatchObject({ status: 'disconnected' })

    await ptys.restart()
    await until(() => s.state().status === 'connected')
    dev = await device(ptys.devicePath)
    await dev.write(`${PACK_2}\r`)
    await until(() => scans.length === 2)
    expect(scans[1]?.text).toBe(PACK_2)
    const sequence = states.map((state) => state.status).filter((status, i, all) => status !== all[i - 1])
    expect(sequence.slice(0, 3)).toEqual(['connecting', 'connected', 'disconnected'])
    expect(sequence.slice(-2)).toEqual(['connecting', 'connected'])
    expect(new Set(sequence.slice(3, -2))).toEqual(new Set(['connecting', 'disconnected']))
  })

  it('starts disconnected when the port is absent, with growing retry delays', async () => {
    const ptys = await pair()
    await ptys.stop()
    const { scanner: s, states } = scanner({ path: ptys.appPath, baudRate: 9600, suffix: 'CR' })
    s.start()
    await until(() => states.filter((state) => state.status === 'disconnected').length >= 4)
    const delays = states.flatMap((state) => (state.status === 'disconnected' ? [state.retryInMs] : []))
    expect(delays.slice(0, 4)).toEqual([40, 80, 160, 200])
    await ptys.restart()
    await until(() => s.state().status === 'connected')
    await s.stop()
    expect(s.state()).toEqual({ status: 'stopped' })
  })
})

describe('listSerialPorts', () => {
  it('adds configured paths the OS does not list, marking which are present', async () => {
    const ptys = await pair()
    const ports = await listSerialPorts([ptys.appPath, '/dev/does-not-exist', '/dev/ttyS9'], async () => [
      { path: '/dev/ttyS9', manufacturer: 'ACME' }
    ])
    expect(ports).toEqual([
      {
        path: '/dev/ttyS9',
        source: 'system',
        present: true,
        manufacturer: 'ACME',
        serialNumber: null,
        vendorId: null,
        productId: null
      },
      {
        path: ptys.appPath,
        source: 'configured',
        present: true,
        manufacturer: null,
        serialNumber: null,
        vendorId: null,
        productId: null
      },
      {
        path: '/dev/does-not-exist',
        source: 'configured',
        present: false,
        manufacturer: null,
        serialNumber: null,
        vendorId: null,
        productId: null
      }
    ])
  })

  it('uses SerialPort.list() by default', async () => {
    const ports = await listSerialPorts()
    expect(ports.every((port) => port.source === 'system')).toBe(true)
  })
})
