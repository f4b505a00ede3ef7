import { SerialPort } from 'serialport'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CounterEvent, ScanView } from '../../src/shared/contract'
import { startBenchDevices, type BenchDevices } from '../../src/premises/bench-devices'
import { settle } from '../helpers/linked'
import { startPremisesHost, type PremisesHost } from '../helpers/premises'
import { startPtyPair, type PtyPair } from '../helpers/socat'
import { startListener, type Listener } from '../helpers/tcp-listeners'
import { until } from '../helpers/until'

const log = (): void => undefined

function scansIn(events: CounterEvent[]): ScanView[] {
  return events.flatMap((event) => (event.name === 'scan.received' ? [event.payload] : []))
}

/** A scanner at the far end of the pseudo-terminal: writes what it reads, with its CR. */
async function scannerAt(path: string): Promise<{ scan(text: string): Promise<void>; close(): Promise<void> }> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false })
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())))
  return {
    scan: (text) =>
      new Promise((resolve, reject) => {
        port.write(`${text}\r`)
        port.drain((error) => (error ? reject(error) : resolve()))
      }),
    close: () => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve()))
  }
}

describe('devices stay at the bench', () => {
  let host: PremisesHost
  const cleanups: Array<() => Promise<void>> = []

  beforeEach(async () => {
    host = await startPremisesHost()
    await settle(host.temp.core)
  })
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
    await host.stop()
  })

  it("a serial scanner at bench 1 is read by bench 1's workstation and opens the request there only", async () => {
    const bench1 = await host.bench('Bench 1')
    const bench2 = await host.bench('Bench 2')
    await bench1.signIn('ajones', '2222')
    await bench2.signIn('spatel', '1111')
    const atHost: CounterEvent[] = []
    host.temp.core.subscribe(host.admin, (event) => atHost.push(event))

    const ptys: PtyPair = await startPtyPair()
    cleanups.push(() => ptys.stop())
    const devices = startBenchDevices(bench1.link, {
      scanners: [{ path: ptys.appPath, baudRate: 9600, label: 'scanner on bench 1' }],
      printer: null,
      log
    })
    cleanups.push(() => devices.stop())
    const scanner = await scannerAt(ptys.devicePath)
    cleanups.push(() => scanner.close())

    // The workstation opens its port in its own time: scan until bench 1 hears it.
    await until(async () => {
      if (scansIn(bench1.heard).length > 0) return true
      await scanner.scan('PC-REQ:fr_V1Z0L')
      await new Promise((resolve) => setTimeout(resolve, 200))
      return scansIn(bench1.heard).length > 0
    }, 'bench 1 to hear its scanner')
    const [scan] = scansIn(bench1.heard)
    expect(scan).toMatchObject({ source: 'serial', device: 'scanner on bench 1', requestId: 'fr_V1Z0L' })
    // A later scan, once everything has settled, still reaches bench 1 and nobody else.
    await scanner.scan('PC-REQ:fr_F2S5N')
    await until(() => scansIn(bench1.heard).some((s) => s.requestId === 'fr_F2S5N'), 'the second scan at bench 1')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(scansIn(bench2.heard)).toEqual([])
    expect(scansIn(atHost)).toEqual([])
  })

  it("each bench's labels print where it chose: the host's network printer, or the printer at the bench, through it", async () => {
    const hostPrinter: Listener = await startListener({ kind: 'printer' })
    const benchPrinter: Listener = await startListener({ kind: 'printer' })
    cleanups.push(
      () => hostPrinter.close(),
      () => benchPrinter.close()
    )
    const current = await host.temp.core.call(host.admin, 'devices.status', {})
    if (!current.ok) throw new Error(current.error.message)
    const set = await host.temp.core.call(host.admin, 'devices.setSettings', {
      ...current.value.settings,
      labelPrinter: { kind: 'tcp', host: '127.0.0.1', port: hostPrinter.port, connectTimeoutMs: 500 }
    })
    expect(set.ok).toBe(true)

    const bench1 = await host.bench('Bench 1')
    const bench2 = await host.bench('Bench 2')
    const samAt1 = await bench1.signIn('spatel', '1111')
    const samAt2 = await bench2.signIn('spatel', '1111')
    let devices: BenchDevices = startBenchDevices(bench1.link, {
      scanners: [],
      printer: { kind: 'tcp', host: '127.0.0.1', port: benchPrinter.port },
      log
    })
    cleanups.push(() => devices.stop())
    const printing = async (session: string, bench = bench1) => {
      const answer = await bench.link.dispatch(session, 'premises.benchPrinting', {})
      if (!answer.ok) throw new Error(answer.error.message)
      return answer.value as { choice: string; benchPrinter: string | null; hostPrinter: string | null }
    }
    await until(async () => (await printing(samAt1)).benchPrinter !== null, 'bench 1 to offer its printer')
    expect(await printing(samAt1)).toMatchObject({
      choice: 'host',
      benchPrinter: `Bench 1's printer (tcp://127.0.0.1:${benchPrinter.port})`,
      hostPrinter: `tcp://127.0.0.1:${hostPrinter.port}`
    })
    const chosen = await bench1.link.dispatch(samAt1, 'premises.setBenchPrinter', { printer: 'bench' })
    expect(chosen.ok && (chosen.value as { choice: string }).choice).toBe('bench')

    const job = async (session: string, bench = bench1) => {
      const answer = await bench.link.dispatch(session, 'print.testLabel', {})
      if (!answer.ok) throw new Error(answer.error.message)
      return (answer.value as { id: number }).id
    }
    const jobOf = (id: number) => host.temp.core.internals.devices.queue.job(id)

    // Bench 1 chose its own printer: the job goes down bench 1's line, and says so.
    const atBench1 = await job(samAt1)
    expect(jobOf(atBench1)?.destination).toBe("Bench 1's printer")
    await until(() => jobOf(atBench1)?.state === 'delivered', 'the job to print at bench 1')
    expect(benchPrinter.jobs).toHaveLength(1)
    expect(hostPrinter.jobs).toHaveLength(0)
    expect(jobOf(atBench1)?.printer).toBe(`Bench 1's printer (tcp://127.0.0.1:${benchPrinter.port})`)

    // Bench 2 kept the host's network printer.
    const atBench2 = await job(samAt2, bench2)
    expect(jobOf(atBench2)?.destination).toBe("the host's printer")
    await until(() => jobOf(atBench2)?.state === 'delivered', "the job to print on the host's printer")
    expect(hostPrinter.jobs).toHaveLength(1)
    expect(benchPrinter.jobs).toHaveLength(1)
    expect(jobOf(atBench2)?.printer).toBe(`tcp://127.0.0.1:${hostPrinter.port}`)

    // Bench 1's workstation stops: its job waits for it (not sent elsewhere), and prints when it is back.
    await devices.stop()
    await until(async () => (await printing(samAt1)).benchPrinter === null, 'bench 1 to stop offering its printer')
    const waiting = await job(samAt1)
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(jobOf(waiting)?.state).toBe('queued')
    expect(hostPrinter.jobs).toHaveLength(1)
    devices = startBenchDevices(bench1.link, {
      scanners: [],
      printer: { kind: 'tcp', host: '127.0.0.1', port: benchPrinter.port },
      log
    })
    await until(() => jobOf(waiting)?.state === 'delivered', 'the waiting job to print when bench 1 is back')
    expect(benchPrinter.jobs).toHaveLength(2)
    expect(hostPrinter.jobs).toHaveLength(1)
  })
})
