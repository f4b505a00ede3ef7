import { copyFileSync, cpSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox'
import { apiFor, type Api } from './sandbox'
import { createCore, type Core, type CoreConfig } from '../../src/main/core'
import type { Bench } from '../../src/main/contract'
import type { KeyFolder } from '../../src/main/vault/key-folder'
import { TEST_SCRYPT, tempDir, tempKeys } from './temp-core'

export { requestBody } from './request-body'

const TOKEN = 'linked-test-token'

export interface Linked {
  sandbox: Sandbox
  /** Plays Phensys and the patient through the sandbox's control calls. */
  phensys: Api
  core: Core
  dataDir: string
  keys: KeyFolder
  /** Closes the core and opens a new one over the same data directory (a workstation restart). */
  restart(): Promise<Core>
  /**
   * The workstation dies (kill -9) and starts again: its store is closed at once, so nothing it
   * was doing gets written (an answer on its way back is never recorded); then a new core opens
   * over the same data directory.
   */
  crash(): Promise<Core>
  stop(): Promise<void>
}

/** A live core wired to a sandbox on loopback; sync is stepped by hand unless autoSync is set. */
export async function startLinked(
  options: {
    sandbox?: Partial<SandboxOptions>
    core?: Partial<CoreConfig>
    coreToken?: string
    /** Where the core reaches Phensys, given the sandbox's address (a proxy in between). */
    through?: (sandboxUrl: string) => Promise<string>
    /** A store to start from, with its keys (see `freshStore`): spares each of many runs the first start. */
    fresh?: FreshStore
  } = {}
): Promise<Linked> {
  const sandbox = await startSandbox({ token: TOKEN, seed: 'none', ...options.sandbox })
  const dir = tempDir('counter-sync-')
  const keys = tempKeys()
  if (options.fresh) {
    copyFileSync(options.fresh.file, join(dir.path, 'counter.sqlite'))
    // The store's audit trail is keyed and anchored: its keys come with it.
    cpSync(options.fresh.keysDir, keys.keys.dir, { recursive: true })
  }
  const config: CoreConfig = {
    dataDir: dir.path,
    keys: keys.keys,
    phensys: {
      url: options.through ? await options.through(sandbox.url) : sandbox.url,
      token: options.coreToken ?? TOKEN
    },
    autoSync: false,
    security: { scryptCost: TEST_SCRYPT },
    // The sandbox's faults carry `Retry-After: 1`: kept, like every backoff, to a few milliseconds here.
    syncTuning: { retryBaseMs: 1, retryMaxMs: 5, retryAfterMaxMs: 5, pollWaitSeconds: 0 },
    log: () => undefined,
    ...options.core
  }
  const linked: Linked = {
    sandbox,
    phensys: apiFor(sandbox.url, TOKEN),
    core: await createCore(config),
    dataDir: dir.path,
    keys: keys.keys,
    async restart() {
      await linked.core.close()
      linked.core = await createCore(config)
      return linked.core
    },
    async crash() {
      const dead = linked.core
      dead.internals.store.sqlite.close()
      await dead.close().catch(() => undefined)
      linked.core = await createCore(config)
      return linked.core
    },
    async stop() {
      await linked.core.close()
      await sandbox.close()
      dir.remove()
      keys.remove()
    }
  }
  return linked
}

export interface FreshStore {
  file: string
  keysDir: string
}

/**
 * A live core's store just after its first start (migrated, catalogue imported, no one signed
 * up), with its key folder, in folders of their own; `remove` deletes them. Copied into each run
 * by `startLinked`.
 */
export async function freshStore(): Promise<FreshStore & { remove(): Promise<void> }> {
  const linked = await startLinked()
  await linked.core.close()
  const dir = tempDir('counter-fresh-')
  const file = join(dir.path, 'counter.sqlite')
  copyFileSync(join(linked.dataDir, 'counter.sqlite'), file)
  await linked.sandbox.close()
  rmSync(linked.dataDir, { recursive: true, force: true })
  return {
    file,
    keysDir: linked.keys.dir,
    remove: async () => {
      dir.remove()
      rmSync(linked.keys.dir, { recursive: true, force: true })
    }
  }
}

/**
 * Pulls until the feed has nothing more and pushes until nothing can be sent: what is left
 * pending then waits behind an event a person must resolve.
 */
export async function settle(core: Core, rounds = 50): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    const pulled = await core.internals.sync.pullOnce(0)
    const pushed = await core.internals.sync.pushOnce()
    const sendable = core.internals.outbox.due(new Date(Date.now() + 60_000)).length
    if (pulled === 'page' && pushed === 0 && sendable === 0) return
    if (pushed === 0) await new Promise((resolve) => setTimeout(resolve, 6))
  }
  throw new Error('sync did not settle')
}

/** A staff member of the live core, created through the contract by a first administrator. */
/** The PIN of every staff member `staffSession` creates. */
export const STAFF_PIN = '592846'

export async function staffSession(
  core: Core,
  roles: Array<'pharmacist' | 'dispenser' | 'accuracy_checker'> = ['pharmacist'],
  bench?: Bench
): Promise<string> {
  const opened = core.openSession()
  const info = await core.call(opened, 'app.info', {})
  const username = `staff${roles.join('')}`.replace(/_/g, '').slice(0, 30)
  const admin =
    info.ok && info.value.firstRun
      ? await core.call(opened, 'auth.createFirstAdmin', {
          username: 'owner',
          displayName: 'Olu Owner',
          secret: '864209'
        })
      : await core.call(opened, 'auth.signIn', { username: 'owner', secret: '864209' })
  if (!admin.ok) throw new Error(admin.error.message)
  // Signing in gives the session a new id.
  const session = admin.renewedSessionId ?? opened
  if (!(await core.call(session, 'users.list', {})).ok) throw new Error('not an admin')
  if (!core.internals.users.byUsername(username)) {
    const created = await core.call(session, 'users.create', {
      username,
      displayName: `Staff ${roles.join(' ')}`,
      roles,
      gphcNumber: roles.includes('pharmacist') ? '2011111' : null,
      secret: STAFF_PIN
    })
    if (!created.ok) throw new Error(created.error.message)
  }
  const staff = core.openSession(bench)
  const signedIn = await core.call(staff, 'auth.signIn', { username, secret: STAFF_PIN })
  if (!signedIn.ok) throw new Error(signedIn.error.message)
  return signedIn.renewedSessionId ?? staff
}

/** The address a patient moved to, as Phensys gives it when it resolves an address query. */
export const MOVED_ADDRESS = { line1: '7 New Street', line2: null, city: 'York', postcode: 'YO1 7HH', country: 'GB' }

/** Phensys resolves the request's query with these changes (the sandbox plays it), and the counter reads them. */
export async function queryResolvedWith(l: Linked, id: string, changes: object): Promise<void> {
  const resolved = await l.phensys.post(`/sandbox/requests/${id}/resolve-query`, { changes })
  if (resolved.status !== 200)
    throw new Error(`resolve-query ${id}: ${resolved.status} ${JSON.stringify(resolved.body)}`)
  await settle(l.core)
}
