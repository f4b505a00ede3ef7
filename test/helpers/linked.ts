import { copyFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox'
import { apiFor, type Api } from './sandbox'
import { createCore, type Core, type CoreConfig } from '../../src/main/core'
import { TEST_SCRYPT, tempDir } from './temp-core'

export { requestBody } from './request-body'

const TOKEN = 'linked-test-token'

export interface Linked {
  sandbox: Sandbox
  /** Plays Phensys and the patient through the sandbox's control calls. */
  phensys: Api
  core: Core
  dataDir: string
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
    /** A store to start from (see `freshStoreFile`): spares each of many runs the first start. */
    storeFile?: string
  } = {}
): Promise<Linked> {
  const sandbox = await startSandbox({ token: TOKEN, seed: 'none', ...options.sandbox })
  const dir = tempDir('counter-sync-')
  if (options.storeFile) copyFileSync(options.storeFile, join(dir.path, 'counter.sqlite'))
  const config: CoreConfig = {
    dataDir: dir.path,
    phensys: {
      url: options.through ? await options.through(sandbox.url) : sandbox.url,
      token: options.coreToken ?? TOKEN
    },
    autoSync: false,
    security: { scryptCost: TEST_SCRYPT },
    syncTuning: { retryBaseMs: 1, retryMaxMs: 5, pollWaitSeconds: 0 },
    log: () => undefined,
    ...options.core
  }
  const linked: Linked = {
    sandbox,
    phensys: apiFor(sandbox.url, TOKEN),
    core: await createCore(config),
    dataDir: dir.path,
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
    }
  }
  return linked
}

/**
 * A live core's store just after its first start (migrated, catalogue imported, no one signed
 * up), in a folder of its own; `remove` deletes it. Copied into each run by `startLinked`.
 */
export async function freshStoreFile(): Promise<{ file: string; remove(): Promise<void> }> {
  const linked = await startLinked()
  await linked.core.close()
  const dir = tempDir('counter-fresh-')
  const file = join(dir.path, 'counter.sqlite')
  copyFileSync(join(linked.dataDir, 'counter.sqlite'), file)
  await linked.sandbox.close()
  rmSync(linked.dataDir, { recursive: true, force: true })
  return { file, remove: async () => dir.remove() }
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
export async function staffSession(
  core: Core,
  roles: Array<'pharmacist' | 'dispenser' | 'accuracy_checker'> = ['pharmacist']
): Promise<string> {
  const session = core.openSession()
  const info = await core.call(session, 'app.info', {})
  const username = `staff${roles.join('')}`.replace(/_/g, '').slice(0, 30)
  if (info.ok && info.value.firstRun) {
    const admin = await core.call(session, 'auth.createFirstAdmin', {
      username: 'owner',
      displayName: 'Olu Owner',
      secret: '864209'
    })
    if (!admin.ok) throw new Error(admin.error.message)
  } else {
    const signIn = await core.call(session, 'auth.signIn', { username: 'owner', secret: '864209' })
    if (!signIn.ok) throw new Error(signIn.error.message)
  }
  if (!(await core.call(session, 'users.list', {})).ok) throw new Error('not an admin')
  const exists = (await core.call(session, 'users.list', {})).ok && core.internals.users.byUsername(username)
  if (!exists) {
    const created = await core.call(session, 'users.create', {
      username,
      displayName: `Staff ${roles.join(' ')}`,
      roles,
      gphcNumber: roles.includes('pharmacist') ? '2011111' : null,
      secret: '1357'
    })
    if (!created.ok) throw new Error(created.error.message)
  }
  const staff = core.openSession()
  const signedIn = await core.call(staff, 'auth.signIn', { username, secret: '1357' })
  if (!signedIn.ok) throw new Error(signedIn.error.message)
  return staff
}
