import { startBrowserMode, startSandboxProcess } from '../fixtures'
import { openContractSession } from './contract'
import { LIVE_STAFF } from './live-staff'

export interface LiveCounter {
  openUrl: string
  /** A control call to the sandbox playing Phensys (`POST /sandbox/...`); answers its HTTP status. */
  phensys(path: string, body: object): Promise<number>
  stop(): Promise<void>
}

/**
 * A live workstation on its own Phensys sandbox: the administrator (owner, 864209) made at first
 * run, and every person of LIVE_STAFF created by them.
 */
export async function startLiveCounter(token: string): Promise<LiveCounter> {
  const sandbox = await startSandboxProcess(token)
  const counter = await startBrowserMode({ url: sandbox.url, token })
  const stop = async (): Promise<void> => {
    await counter.stop()
    await sandbox.stop()
  }
  try {
    const admin = await openContractSession(counter.app.openUrl)
    await admin('auth.createFirstAdmin', { username: 'owner', displayName: 'Olu Owner', secret: '864209' })
    for (const person of Object.values(LIVE_STAFF)) await admin('users.create', person)
  } catch (error) {
    await stop()
    throw error
  }
  return {
    openUrl: counter.app.openUrl,
    phensys: async (path, body) =>
      (
        await fetch(`${sandbox.url}${path}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body)
        })
      ).status,
    stop
  }
}
