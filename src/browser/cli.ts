/**
 * `npm run start:browser -- [--data-dir DIR] [--port N] [--phensys-url URL --phensys-token TOKEN]`
 * Runs the core under Node and serves the built renderer on 127.0.0.1. Prints the address to open
 * (with this run's random token) and, for tools, a line `ready <openUrl>`.
 */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createCore } from '../main/core'
import { readConnection } from '../main/settings/connection-store'
import { startBrowserHost } from './server'

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: '.data/browser' },
    port: { type: 'string', default: '5180' },
    'phensys-url': { type: 'string' },
    'phensys-token': { type: 'string' },
    'renderer-dir': { type: 'string', default: 'out/renderer' }
  }
})

async function main(): Promise<void> {
  const rendererDir = resolve(values['renderer-dir'])
  if (!existsSync(resolve(rendererDir, 'index.html'))) {
    console.error(`The renderer is not built (${rendererDir}/index.html is missing). Run: npm run build`)
    process.exit(1)
  }
  const url = values['phensys-url']
  const token = values['phensys-token'] ?? process.env.PHENSYS_TOKEN
  if (url && !token) {
    console.error('--phensys-url needs --phensys-token (or PHENSYS_TOKEN in the environment).')
    process.exit(1)
  }
  const dataDir = resolve(values['data-dir'])
  // The command line wins; otherwise what the settings screen saved; otherwise training.
  const core = await createCore({
    dataDir,
    phensys: url && token ? { url, token } : readConnection(dataDir, null)
  })
  const host = await startBrowserHost({
    core,
    token: randomBytes(24).toString('base64url'),
    rendererDir,
    port: Number(values.port)
  }).catch((error: unknown) => {
    console.error(
      `Cannot listen on 127.0.0.1:${values.port}: ${(error as Error).message}. Try --port 0 for any free port.`
    )
    process.exit(1)
  })
  console.log(`Pharmetra Counter in browser mode${core.training ? ' (training: not connected to Phensys)' : ''}`)
  console.log(`Open ${host.openUrl}`)
  console.log(`ready ${host.openUrl}`)
  const stop = async (): Promise<void> => {
    await host.close()
    await core.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

void main()
