/**
 * `npm run start:workstation -- --data-dir DIR [--port N] [--pair https://HOST:PORT --code LINK|CODE [--fingerprint FP] --name "Bench 2"]
 *   [--scanner PATH[@BAUD]]… [--printer tcp:HOST[:PORT] | serial:PATH[@BAUD]]`
 * A workstation of the premises: browser mode with no store of its own, whose calls go to the
 * host over TLS. `--pair` joins it to a host first with the one-time code an administrator shows
 * there: the pairing link its QR carries, or the code with the certificate fingerprint shown beside it
 * (kept in `DIR/pairing.json`, owner-only). `--scanner` reads a serial scanner at this bench
 * and sends its scans to the host as this bench's; `--printer` offers the label printer attached
 * here to the host. Prints `Open …` and `ready …` like browser mode.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { pairAndKeep, readPairing, startWorkstation, type Workstation } from '../premises/workstation'
import { startBrowserHost } from './server'

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: '.data/workstation' },
    port: { type: 'string', default: '5181' },
    pair: { type: 'string' },
    code: { type: 'string' },
    fingerprint: { type: 'string' },
    name: { type: 'string' },
    scanner: { type: 'string', multiple: true, default: [] },
    printer: { type: 'string' },
    'renderer-dir': { type: 'string', default: 'out/renderer' }
  }
})

function fail(message: string): never {
  console.error(message)
  process.exit(1)
}

async function main(): Promise<void> {
  process.umask(0o077)
  const dataDir = resolve(values['data-dir'])
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  if (values.pair) {
    if (!values.code || !values.name)
      fail(
        '--pair needs --code (the pairing link shown on the host, or its code with --fingerprint) and --name (this bench, e.g. "Bench 2").'
      )
    const pairing = await pairAndKeep(dataDir, values.pair, values.code, values.name, values.fingerprint ?? null).catch(
      (error: unknown) => fail(`Not paired: ${(error as Error).message}`)
    )
    console.log(`Paired with ${pairing.hostUrl} as ${pairing.name} (${pairing.workstationId}).`)
  }
  const pairing = readPairing(dataDir)
  if (!pairing)
    fail('This workstation has not joined a host yet: start it with --pair https://HOST:PORT --code CODE --name NAME.')
  const rendererDir = resolve(values['renderer-dir'])
  if (!existsSync(resolve(rendererDir, 'index.html')))
    fail(`The renderer is not built (${rendererDir}/index.html is missing). Run: npm run build`)
  let workstation: Workstation
  try {
    workstation = startWorkstation(
      pairing,
      { scanners: values.scanner, printer: values.printer ?? null },
      (message, error) => console.error(`[bench-devices] ${message}`, error ?? '')
    )
  } catch (error) {
    fail((error as Error).message)
  }
  const host = await startBrowserHost({
    core: workstation.link,
    token: randomBytes(24).toString('base64url'),
    rendererDir,
    port: Number(values.port)
  }).catch((error: unknown) => fail(`Cannot listen on 127.0.0.1:${values.port}: ${(error as Error).message}.`))
  console.log(`Pharmetra Counter workstation ${pairing.name}, host ${pairing.hostUrl}`)
  console.log(`Open ${host.openUrl}`)
  console.log(`ready ${host.openUrl}`)
  const stop = async (): Promise<void> => {
    await host.close()
    await workstation.stop()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

void main()
