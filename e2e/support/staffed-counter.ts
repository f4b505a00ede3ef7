import { startBrowserMode, startSandboxProcess } from '../fixtures'
import { startFakePrinter, type FakePrinter } from './fake-printer'
import { openContractSession, signedInSessions, type ContractCall } from './contract'
import { LIVE_STAFF } from './live-staff'

export interface StaffedCounter {
  sandbox: Awaited<ReturnType<typeof startSandboxProcess>>
  counter: Awaited<ReturnType<typeof startBrowserMode>>
  printer: FakePrinter
  /** One contract session per person of LIVE_STAFF, each signed in. */
  as: Record<keyof typeof LIVE_STAFF, ContractCall>
}

/**
 * A browser-mode workstation on its own Phensys sandbox, printing labels to a fake printer: the
 * administrator (owner, 864209) made at first run, every person of LIVE_STAFF created and signed in,
 * and the pharmacist Responsible Pharmacist (nothing leaves the pharmacy without one).
 */
export async function staffedCounter(token: string): Promise<StaffedCounter> {
  const sandbox = await startSandboxProcess(token)
  const counter = await startBrowserMode({ url: sandbox.url, token })
  const printer = await startFakePrinter()
  const admin = await openContractSession(counter.app.openUrl)
  await admin('auth.createFirstAdmin', { username: 'owner', displayName: 'Olu Owner', secret: '864209' })
  for (const person of Object.values(LIVE_STAFF)) await admin('users.create', person)
  const { settings } = await admin<{ settings: object }>('devices.status', {})
  await admin('devices.setSettings', {
    ...settings,
    labelPrinter: { kind: 'tcp', host: '127.0.0.1', port: printer.port }
  })
  const as = await signedInSessions(counter.app.openUrl, LIVE_STAFF)
  await as.pharmacist('rp.signIn', {})
  return { sandbox, counter, printer, as }
}
