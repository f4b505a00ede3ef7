/** Test support: a premises host (a training core serving TLS on loopback) and benches that pair with it. */
import { createServer } from 'node:net'
import { afterEach, beforeEach } from 'vitest'
import type { CounterEvent } from '../../src/shared/contract'
import { hostCertificate, type HostCertificate } from '../../src/premises/certificate'
import { startPremisesListener, type PremisesListener } from '../../src/premises/host-listener'
import { HostLink, type HostPairing } from '../../src/premises/host-link'
import { pairWithHost } from '../../src/premises/pair-with-host'
import { settle } from './linked'
import { signedInAs, startTempCore, tempDir, type TempCore } from './temp-core'

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return typeof address === 'object' && address ? address.port : 0
}

export interface PremisesHost {
  temp: TempCore
  certificate: HostCertificate
  listener: PremisesListener
  url: string
  admin: string
  /** A one-time code, as an administrator on the host is shown it. */
  code(): Promise<string>
  /** A one-time pairing link, as the host's QR carries it (code and certificate fingerprint). */
  link(): Promise<string>
  /** Pairs a new bench through the host's own address (or another, such as a relay's). */
  bench(name: string, options?: { via?: string }): Promise<Bench>
  /** The host's process stops; \`up\` starts it again (a new core) on the same store, certificate and port. */
  down(): Promise<void>
  up(): Promise<void>
  stop(): Promise<void>
}

export interface Bench {
  pairing: HostPairing
  link: HostLink
  /** Every event this bench's windows heard, in order. */
  heard: CounterEvent[]
  /** A window of this bench, signed in as one of the training staff. */
  signIn(username: string, pin: string): Promise<string>
}

export async function startPremisesHost(options: { backupDir?: string } = {}): Promise<PremisesHost> {
  const keyDir = tempDir('counter-host-keys-')
  const certificate = await hostCertificate(keyDir.path, ['127.0.0.1'])
  const port = await freePort()
  const url = `https://127.0.0.1:${port}`
  const temp = await startTempCore({
    premisesHost: { url, fingerprint: certificate.fingerprint },
    backup: options.backupDir ? { folder: options.backupDir, everyMs: 3_600_000 } : null
  })
  const listen = (): Promise<PremisesListener> =>
    startPremisesListener({ core: temp.core, certificate, port, address: '127.0.0.1' })
  let listener: PremisesListener | null = await listen()
  const admin = await signedInAs(temp.core, 'admin', '9999')
  const links: HostLink[] = []
  const host: PremisesHost = {
    temp,
    certificate,
    get listener() {
      if (!listener) throw new Error('the host is down')
      return listener
    },
    url,
    admin,
    async code() {
      const answer = await temp.core.call(admin, 'premises.pairingCode', {})
      if (!answer.ok) throw new Error(answer.error.message)
      return answer.value.code
    },
    async link() {
      const answer = await temp.core.call(admin, 'premises.pairingCode', {})
      if (!answer.ok) throw new Error(answer.error.message)
      return `pharmetra-pair:${answer.value.hostUrl}?code=${answer.value.code}&fingerprint=${answer.value.fingerprint}`
    },
    async bench(name, benchOptions = {}) {
      const pairing = await pairWithHost(url, await host.link(), name)
      const link = new HostLink({ ...pairing, hostUrl: benchOptions.via ?? pairing.hostUrl })
      links.push(link)
      link.start()
      const heard: CounterEvent[] = []
      return {
        pairing,
        link,
        heard,
        async signIn(username, pin) {
          const opened = await link.openSession()
          const answer = await link.dispatch(opened, 'auth.signIn', { username, secret: pin })
          if (!answer.ok) throw new Error(answer.error.message)
          const session = answer.renewedSessionId ?? opened
          link.subscribe(session, (event) => heard.push(event))
          return session
        }
      }
    },
    async down() {
      // Its listener closed, the host is gone for the benches; its core closes at \`up\` (as a new process starts).
      await listener?.close()
      listener = null
    },
    async up() {
      await temp.restart()
      listener = await listen()
    },
    async stop() {
      for (const link of links) link.close()
      await listener?.close()
      await temp.stop()
      keyDir.remove()
    }
  }
  return host
}

/** A premises host for each test of the file, started (its first sync settled) before and stopped after. */
export function premisesHostEachTest(): () => PremisesHost {
  let host: PremisesHost | null = null
  beforeEach(async () => {
    host = await startPremisesHost()
    await settle(host.temp.core)
  })
  afterEach(async () => {
    await host?.stop()
    host = null
  })
  return () => {
    if (!host) throw new Error('no premises host outside a test')
    return host
  }
}
