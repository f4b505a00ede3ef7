/**
 * `npm run start:browser -- [--data-dir DIR] [--key-dir DIR] [--port N] [--phensys-url URL]
 *   [--premises-port N [--premises-address A] [--premises-url URL]] [--backup-dir DIR [--backup-every-minutes N]]`
 * with the Phensys token in the environment (`PHENSYS_TOKEN`) or a file (`--phensys-token-file`),
 * never on the command line, where every account on the machine can read it.
 * Runs the core under Node and serves the built renderer on 127.0.0.1. Prints the address to open
 * (with this run's random token) and, for tools, a line `ready <openUrl>`.
 * With `--premises-port` it is also the premises host: the contract over TLS to paired workstations
 * (and prints `premises <url> <fingerprint>`). With `--backup-dir` it backs the store up there.
 */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createCore } from '../main/core'
import { readConnection } from '../main/settings'
import { KeyFolder } from '../main/vault'
import { phensysTokenFrom } from './token-source'
import { startBrowserHost } from './server'
import { hostCertificate } from '../premises/certificate'
import { startPremisesListener, type PremisesListener } from '../premises/host-listener'
import { hostname } from 'node:os'

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: '.data/browser' },
    'key-dir': { type: 'string' },
    port: { type: 'string', default: '5180' },
    'phensys-url': { type: 'string' },
    'phensys-token': { type: 'string' },
    'phensys-token-file': { type: 'string' },
    'renderer-dir': { type: 'string', default: 'out/renderer' },
    'premises-port': { type: 'string' },
    'premises-address': { type: 'string', default: '0.0.0.0' },
    'premises-url': { type: 'string' },
    'backup-dir': { type: 'string' },
    'backup-every-minutes': { type: 'string', default: '60' }
  }
})

function fail(message: string): never {
  console.error(message)
  process.exit(1)
}

async function main(): Promise<void> {
  // Everything this process creates is its owner's alone.
  process.umask(0o077)
  const rendererDir = resolve(values['renderer-dir'])
  if (!existsSync(resolve(rendererDir, 'index.html')))
    fail(`The renderer is not built (${rendererDir}/index.html is missing). Run: npm run build`)
  const url = values['phensys-url']
  const token = phensysTokenFrom({
    flag: values['phensys-token'],
    file: values['phensys-token-file'],
    environment: process.env.PHENSYS_TOKEN
  })
  if (!token.ok) fail(token.message)
  if (url && !token.value)
    fail('--phensys-url needs the token: PHENSYS_TOKEN in the environment, or --phensys-token-file FILE.')
  const dataDir = resolve(values['data-dir'])
  const keyDir = resolve(values['key-dir'] ?? `${dataDir}.keys`)
  const keys = new KeyFolder(keyDir, null)
  const premisesPort = values['premises-port'] === undefined ? null : Number(values['premises-port'])
  const premisesUrl = values['premises-url'] ?? `https://${hostname()}:${premisesPort}`
  const certificate =
    premisesPort === null
      ? null
      : await hostCertificate(keyDir, [new URL(premisesUrl).hostname, values['premises-address']])
  const backupDir = values['backup-dir']
  // The command line wins; otherwise what the settings screen saved; otherwise training.
  const core = await createCore({
    dataDir,
    keys,
    phensys: url && token.value ? { url, token: token.value } : readConnection(dataDir, keys.secretBox()),
    premisesHost: certificate ? { url: premisesUrl, fingerprint: certificate.fingerprint } : null,
    backup: backupDir ? { folder: resolve(backupDir), everyMs: Number(values['backup-every-minutes']) * 60_000 } : null
  }).catch((error: unknown) => fail(`Pharmetra Counter could not start: ${(error as Error).message}`))
  const host = await startBrowserHost({
    core,
    token: randomBytes(24).toString('base64url'),
    rendererDir,
    port: Number(values.port)
  }).catch((error: unknown) =>
    fail(`Cannot listen on 127.0.0.1:${values.port}: ${(error as Error).message}. Try --port 0 for any free port.`)
  )
  let premises: PremisesListener | null = null
  if (certificate && premisesPort !== null) {
    premises = await startPremisesListener({
      core,
      certificate,
      port: premisesPort,
      address: values['premises-address']
    }).catch((error: unknown) => fail(`Cannot serve the premises on port ${premisesPort}: ${(error as Error).message}`))
    console.log(`premises ${premisesUrl.replace(/:\d+$/, `:${premises.port}`)} ${certificate.fingerprint}`)
  }
  console.log(`Pharmetra Counter in browser mode${core.training ? ' (training: not connected to Phensys)' : ''}`)
  console.log(`Open ${host.openUrl}`)
  console.log(`ready ${host.openUrl}`)
  const stop = async (): Promise<void> => {
    await premises?.close()
    await host.close()
    await core.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

void main()
