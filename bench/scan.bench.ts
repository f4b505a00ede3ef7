/**
 * From a scan arriving on the serial port to the matched pack reaching the renderer, on the year
 * store: a socat pty pair stands in for the scanner; the core reads it, classifies the scan and
 * identifies the pack in the 20,000-pack catalogue; the event travels over browser mode's SSE
 * socket, as it does to the renderer's store. The packs scanned are the year's most dispensed.
 * Target: under 20 ms at the median.
 *   npx tsx bench/scan.bench.ts [scans]
 */
import Database from 'better-sqlite3'
import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { startBrowserHost } from '../src/browser/server'
import { startPtyPair } from '../test/helpers/socat'
import type { CounterEvent } from '../src/shared/contract'
import { encodeGs1, packFields } from '../src/shared/gs1'
import { BenchReport } from './harness'
import { openYearStore } from './year-store'

const SCANS = Number(process.argv[2] ?? 300)

const pty = await startPtyPair()
const year = await openYearStore({ core: { autoDevices: true } })
const token = randomBytes(16).toString('hex')
const host = await startBrowserHost({ core: year.core, token, rendererDir: join(year.dir, 'no-renderer') })
try {
  const bench = new BenchReport('Scan to renderer on the year store (serial pty → core → SSE)')
  bench.store(year.description)
  const raw = new Database(year.storeFile, { readonly: true })
  const gtins = raw
    .prepare(
      `SELECT (SELECT MIN(g.gtin) FROM pack_gtins g WHERE g.ampp_id = d.ampp_id) FROM dispensed_packs d
       GROUP BY d.ampp_id ORDER BY COUNT(*) DESC LIMIT 50`
    )
    .pluck()
    .all() as string[]
  raw.close()

  const auth = { Authorization: `Bearer ${token}` }
  let { sessionId } = (await (await fetch(`${host.url}/api/session`, { method: 'POST', headers: auth })).json()) as {
    sessionId: string
  }
  const call = async (name: string, input: unknown): Promise<unknown> => {
    const response = await fetch(`${host.url}/api/call/${name}`, {
      method: 'POST',
      headers: { ...auth, 'X-Counter-Session': sessionId },
      body: JSON.stringify(input)
    })
    const answer = (await response.json()) as {
      ok: boolean
      value?: unknown
      error?: { message: string }
      renewedSessionId?: string
    }
    if (!answer.ok) throw new Error(`${name}: ${answer.error?.message}`)
    // Signing in gives the tab's session a new id and ends the old one, as the renderer's bridge knows.
    if (answer.renewedSessionId) sessionId = answer.renewedSessionId
    return answer.value
  }
  const { owner } = year.people
  await call('auth.signIn', { username: owner.username, secret: owner.pin })
  const status = (await call('devices.status', {})) as { settings: Record<string, unknown> }
  await call('devices.setSettings', {
    ...status.settings,
    serialScanners: [{ id: 's1', label: 'Bench', path: pty.appPath, baudRate: 115200, suffix: 'CR' }]
  })
  while (year.core.internals.devices.view().scanners[0]?.state !== 'connected')
    await new Promise((resolve) => setTimeout(resolve, 20))

  // The renderer's side: the SSE stream, parsed as the browser's EventSource would.
  const arrivals: number[] = []
  const stream = await fetch(`${host.url}/api/events?session=${sessionId}&token=${token}`)
  const reader = stream.body!.getReader()
  void (async () => {
    let buffer = ''
    for (;;) {
      const { value, done } = await reader.read()
      if (done) return
      buffer += new TextDecoder().decode(value)
      let end: number
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        if (!frame.startsWith('data: ')) continue
        const event = JSON.parse(frame.slice(6)) as CounterEvent
        if (event.name === 'scan.received') arrivals.push(performance.now())
      }
    }
  })()

  const device = createWriteStream(pty.devicePath)
  const latencies: number[] = []
  for (let i = 0; i < SCANS; i++) {
    const gtin = gtins[i % gtins.length]!
    const code = encodeGs1(packFields({ gtin, batch: `B${i}`, expiry: '301231', serial: `S${i}` }), {
      separator: 'gs',
      symbologyId: ']d2'
    })
    const before = arrivals.length
    const sentAt = performance.now()
    device.write(`${code}\r`)
    while (arrivals.length === before) await new Promise((resolve) => setImmediate(resolve))
    latencies.push(arrivals[arrivals.length - 1]! - sentAt)
  }
  bench.row(`a pack scan to the renderer (${gtins.length} most dispensed packs)`, latencies, {
    target: '< 20 ms median'
  })
  bench.note('(no raw equivalent: a serial port, the scan pipeline and a socket, not SQL)')
  device.end()
  await reader.cancel().catch(() => undefined)
} finally {
  await host.close()
  await year.close()
  await pty.stop()
}
