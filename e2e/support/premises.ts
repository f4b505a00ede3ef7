import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startUntil } from '../fixtures'
import { contractSession } from './contract'

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return typeof address === 'object' && address ? address.port : 0
}

/** A premises host started as `npm run start:browser -- --premises-port …` starts it (training), backing up to `backupDir` when given. */
export async function startPremisesHostProcess(options: { backupDir?: string } = {}): Promise<{
  openUrl: string
  premisesUrl: string
  code(): Promise<string>
  stop(): Promise<void>
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'counter-host-'))
  const port = await freePort()
  const started = await startUntil(
    'npx',
    [
      'tsx',
      'src/browser/cli.ts',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--premises-port',
      String(port),
      '--premises-address',
      '127.0.0.1',
      '--premises-url',
      `https://127.0.0.1:${port}`,
      ...(options.backupDir ? ['--backup-dir', options.backupDir] : [])
    ],
    /^premises (\S+) \S+$[\s\S]*^ready (\S+)$/m
  )
  const openUrl = started.match[2]!
  return {
    openUrl,
    premisesUrl: started.match[1]!,
    async code() {
      const admin = await contractSession(openUrl, 'admin', '9999')
      const shown = await admin<{ code: string; hostUrl: string; fingerprint: string }>('premises.pairingCode', {})
      return `pharmetra-pair:${shown.hostUrl}?code=${shown.code}&fingerprint=${shown.fingerprint}`
    },
    stop: async () => {
      await started.stop()
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 })
      rmSync(`${dataDir}.keys`, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 })
    }
  }
}

/** A workstation paired with the host (through `hostUrl`, the host's or a relay's), as `npm run start:workstation` runs it. */
export async function startWorkstationProcess(
  hostUrl: string,
  code: string,
  name: string
): Promise<{ openUrl: string; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'counter-bench-'))
  const started = await startUntil(
    'npx',
    [
      'tsx',
      'src/browser/workstation-cli.ts',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--pair',
      hostUrl,
      '--code',
      code,
      '--name',
      name
    ],
    /^ready (\S+)$/m
  )
  return {
    openUrl: started.match[1]!,
    stop: async () => {
      await started.stop()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
