import type { SessionInfo, SnapshotChange, StoreCheckView, SyncHealth } from './views'
import type { DevicesView, ScanView } from './device-views'
import type { RpStatus } from './rp-calls'
import { ROLES, type Role } from '../roles'

/** A workstation's line to the host, as every screen shows it while it is down. */
export interface HostConnection {
  connected: boolean
  /** When the line was lost (null while connected). */
  lostSince: string | null
  /** Scans read while the host could not be reached: kept and shown, never sent later by themselves. */
  unsentScans: Array<{ at: string; raw: string }>
  /** Back, but it missed more than the host keeps: the screens load everything again. */
  reload: boolean
}

/** Everything main pushes to the renderer, by name. */
export interface CounterEvents {
  /** This window's session changed: signed in, locked, unlocked or signed out (null). */
  'session.changed': SessionInfo | null
  /**
   * A workstation's line to the premises host: lost (nothing can be done here until it is back)
   * or back. Said by the workstation itself, never by the host.
   */
  'premises.connection': HostConnection
  /** Requests changed in the local store; the worklist and open details should refresh. */
  'worklist.changed': { requestIds: string[] }
  /** Phensys changed requests in a way the counter must notice (new, cancelled, patient decided…). */
  'requests.changed': { changes: Array<{ requestId: string; changes: SnapshotChange[] }> }
  /** Sync's health changed: connection, outbox depth, problems needing a person. */
  'sync.health': SyncHealth
  /** A scan arrived (serial scanner or keyboard wedge), classified by main. */
  'scan.received': ScanView
  /** Scanner connection, printer status or the print queue changed. */
  'devices.changed': DevicesView
  /** Someone signed in or out as Responsible Pharmacist, or an absence began or ended. */
  'rp.changed': RpStatus
  /** A full check of the local database finished (a failed one must reach every person). */
  'store.checked': StoreCheckView
}

export type CounterEventName = keyof CounterEvents
export type CounterEvent = { [K in CounterEventName]: { name: K; payload: CounterEvents[K] } }[CounterEventName]

const STAFF: readonly Role[] = ROLES.filter((role) => role !== 'administrator')

/**
 * Who hears each event: only sessions someone is signed in to, and only if one of their roles is
 * listed (`own-session`: the window's own session news, signed in or not). What concerns requests
 * goes to the staff who work on them, not to administrators.
 */
export const EVENT_AUDIENCE: Record<CounterEventName, 'own-session' | readonly Role[]> = {
  'session.changed': 'own-session',
  'premises.connection': 'own-session',
  'worklist.changed': STAFF,
  'requests.changed': STAFF,
  'sync.health': ROLES,
  'scan.received': ROLES,
  'devices.changed': ROLES,
  'rp.changed': ROLES,
  'store.checked': ROLES
}
