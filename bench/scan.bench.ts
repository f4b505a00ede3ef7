/**
 * From a scan arriving on the serial port to the matched pack reaching the renderer: a socat pty
 * pair stands in for the scanner; the core reads it, classifies the scan and identifies the pack;
 * the event travels over browser mode's SSE socket, as it does to the renderer's store.
 *   npx tsx bench/scan.bench.ts [scans]
 */
import { randomBytes } from 'node:crypto'
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore } from '../src/main/core'
import { KeyFolder } from '../src/main/vault/key-folder'
import { startBrowserHost } from '../src/browser/server'
import { startPtyPair } from '../test/helpers/socat'
import { encodeGs1, packFields } from '../src/shared/gs1'
import { TEST_SCRYPT } from '../test/helpers/temp-core'
import type { CounterEvent } from '../src/shared/contract'

const SCANS = Number(process.argv[2] ?? 300)

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'counter-scan-bench-'))
  const pty = await startPtyPair()
  const core = await createCore({
    dataDir: join(dir, 'data'),
    keys: new KeyFolder(join(dir, 'keys'), null),
    phensys: { url: 'http://127.0.0.1:9', token: 'not-used-here' },
    autoSync: false,
    security: { scryptCost: TEST_SCRYPT },
    log: () => undefined
  })
  const token = randomBytes(16).toString('hex')
  const host = await startBrowserHost({ core, token, rendererDir: join(dir, 'no-renderer') })
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
      renewedSessionId?: string
      error?: { message: string }
    }
    if (!answer.ok) throw new Error(`${name}: ${answer.error?.message}`)
    // Signing in renews the session's id.
    if (answer.renewedSessionId) sessionId = answer.renewedSessionId
    return answer.value
  }
  await call('auth.createFirstAdmin', { username: 'bench', displayName: 'Bench Admin', secret: '975312' })
  const status = (await call('devices.status', {})) as { settings: Record<string, unknown> }
  await call('devices.setSettings', {
    ...status.settings,
    serialScanners: [{ id: 's1', label: 'Bench', path: pty.appPath, baudRate: 115200, suffix: 'CR' }]
  })
  while (core.internals.devices.view().scanners[0]?.state !== 'connected')
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

  const gtin = core.internals.store.sqlite.prepare('SELECT gtin FROM pack_gtins LIMIT 1').pluck().get() as
    string | undefined
  const device = createWriteStream(pty.devicePath)
  const latencies: number[] = []
  for (let i = 0; i < SCANS; i++) {
    const code = encodeGs1(
      packFields({ gtin: gtin ?? '09506000134352', batch: `B${i}`, expiry: '301231', serial: `S${i}` }),
      { separator: 'gs', symbologyId: ']d2' }
    )
    const before = arrivals.length
    const sentAt = performance.now()
    device.write(`${code}\r`)
    while (arrivals.length === before) await new Promise((resolve) => setImmediate(resolve))
    latencies.push(arrivals[arrivals.length - 1]! - sentAt)
  }
  latencies.sort((a, b) => a - b)
  const at = (p: number): string =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(2)
  console.log(`scan to renderer (${SCANS} GS1 scans through a pty, classified, pack identified, over SSE)`)
  console.log(`  median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`)

  device.end()
  await reader.cancel().catch(() => undefined)
  await host.close()
  await core.close()
  await pty.stop()
  rmSync(dir, { recursive: true, force: true })
}

void main()
