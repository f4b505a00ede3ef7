import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { systemClock, type Clock } from '../shared/clock'
import type { CallResponse } from '../shared/errors'
import type { CallName, CallInput, CallResult } from '../shared/contract'
import { openStore, type Store } from './db/open'
import { AuditTrail } from './audit/trail'
import { SessionRegistry } from './auth/sessions'
import { DEFAULT_SCRYPT_COST } from './auth/secrets'
import { DEFAULT_SECURITY, authHandlers, type SecurityPolicy } from './auth/auth-handlers'
import { createDispatcher, lockIfIdle, type Dispatch } from './contract/dispatcher'
import type { Handlers } from './contract/handler'
import { EventBus, type EventListener } from './events'
import { UsersRepo } from './users/users-repo'
import { usersHandlers } from './users/users-handlers'
import { RequestsRepo } from './fulfilment/requests-repo'
import { fulfilmentHandlers } from './fulfilment/fulfilment-handlers'
import { auditHandlers } from './audit/audit-handlers'
import { SettingsRepo } from './settings/settings'
import { appHandlers } from './app-handlers'
import { seedTrainingStaff } from './training/staff'

export interface CoreConfig {
  /** Where the workstation keeps its SQLite store. Created if missing. */
  dataDir: string
  clock?: Clock
  /** A real Phensys; without it the core runs in training mode on the built-in sandbox. */
  phensys?: { url: string; token: string } | null
  security?: Partial<SecurityPolicy>
  migrationsDir?: string
  /** better-sqlite3's addon built for the host's ABI, when it is not the one Node loads. */
  nativeBinding?: string
  log?: (message: string, error?: unknown) => void
}

export interface Core {
  readonly training: boolean
  readonly dataDir: string
  /** A new window or tab: returns its session id, which every call then carries. */
  openSession(): string
  closeSession(sessionId: string): void
  /** The untyped entry point the hosts use: input arrives as raw JSON and is validated. */
  dispatch: Dispatch
  /** The typed entry point for code and tests in the same process. */
  call<N extends CallName>(sessionId: string, name: N, input: CallInput<N>): Promise<CallResponse<CallResult<N>>>
  subscribe(sessionId: string, listener: EventListener): () => void
  /** For tests and tools in the same process. */
  readonly internals: { store: Store; audit: AuditTrail; requests: RequestsRepo; users: UsersRepo; settings: SettingsRepo; events: EventBus }
  close(): Promise<void>
}

/**
 * The composition root: wires the store, the domain services and the contract, under plain
 * Node. Electron's shell, browser mode and the tests all host the same core.
 */
export async function createCore(config: CoreConfig): Promise<Core> {
  const clock = config.clock ?? systemClock
  const log = config.log ?? ((message: string, error?: unknown) => console.error(`[core] ${message}`, error ?? ''))
  const policy: SecurityPolicy = { ...DEFAULT_SECURITY, scryptCost: DEFAULT_SCRYPT_COST, ...config.security }
  const training = !config.phensys

  mkdirSync(config.dataDir, { recursive: true })
  const store = openStore(join(config.dataDir, 'counter.sqlite'), config.migrationsDir, config.nativeBinding)
  const audit = new AuditTrail(store.sqlite)
  const users = new UsersRepo(store.db)
  const settings = new SettingsRepo(store.db)
  const requests = new RequestsRepo(store.sqlite)
  const sessions = new SessionRegistry()
  const events = new EventBus()

  if (training) store.sqlite.transaction(() => seedTrainingStaff(users, clock.now(), policy.scryptCost))()

  const handlers: Handlers = {
    ...appHandlers({ users, settings, training }),
    ...authHandlers({ users, clock, policy }),
    ...usersHandlers({ users, scryptCost: policy.scryptCost }),
    ...fulfilmentHandlers({ requests, audit }),
    ...auditHandlers({ audit })
  }
  const dispatch = createDispatcher({ sqlite: store.sqlite, clock, audit, sessions, users, events, handlers, idleLockMs: policy.idleLockMs, log })

  // Lock idle screens even when nobody calls: the window hears about it at once.
  const idleTimer = setInterval(() => {
    const now = clock.now()
    for (const session of sessions.all()) lockIfIdle({ idleLockMs: policy.idleLockMs, events, users }, session, now)
  }, 10_000)
  idleTimer.unref()

  return {
    training,
    dataDir: config.dataDir,
    openSession: () => sessions.open(clock.now().getTime()).id,
    closeSession: (sessionId) => sessions.close(sessionId),
    dispatch,
    call: (sessionId, name, input) => dispatch(sessionId, name, input) as never,
    subscribe: (sessionId, listener) => events.subscribe(sessionId, listener),
    internals: { store, audit, requests, users, settings, events },
    close: async () => {
      clearInterval(idleTimer)
      store.close()
    }
  }
}
