import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore, type Core, type CoreConfig } from '../../src/main/core'
import { KeyFolder } from '../../src/main/vault/key-folder'
import type { Clock } from '../../src/shared/clock'

/** A clock a test can move. */
export class ManualClock implements Clock {
  constructor(private ms: number = Date.parse('2026-11-26T09:00:00Z')) {}
  now(): Date {
    return new Date(this.ms)
  }
  advance(ms: number): void {
    this.ms += ms
  }
}

/** Cheap scrypt for tests: the algorithm is the same, the cost lower. */
export const TEST_SCRYPT = { N: 1024, r: 8, p: 1 }

export function tempDir(prefix = 'counter-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix))
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}

/** A key folder of its own in a temp folder, apart from the data folder. */
export function tempKeys(): { keys: KeyFolder; remove(): void } {
  const dir = tempDir('counter-keys-')
  return { keys: new KeyFolder(dir.path, null), remove: dir.remove }
}

export interface TempCore {
  core: Core
  clock: ManualClock
  dir: string
  keys: KeyFolder
  /** Closes the core and opens a new one on the same folders (a workstation restart). */
  restart(): Promise<Core>
  stop(): Promise<void>
}

export async function startTempCore(overrides: Partial<CoreConfig> = {}): Promise<TempCore> {
  const dir = tempDir()
  const keys = tempKeys()
  const clock = new ManualClock()
  const config: CoreConfig = {
    dataDir: dir.path,
    keys: keys.keys,
    clock,
    security: { scryptCost: TEST_SCRYPT },
    log: () => undefined,
    ...overrides
  }
  const started: TempCore = {
    core: await createCore(config),
    clock,
    dir: dir.path,
    keys: config.keys,
    async restart() {
      await started.core.close()
      started.core = await createCore(config)
      return started.core
    },
    stop: async () => {
      await started.core.close()
      dir.remove()
      keys.remove()
    }
  }
  return started
}

/** Opens a session and signs in (as one of the training staff, say); the session's id as renewed by the sign-in. */
export async function signedInAs(core: Core, username: string, pin: string): Promise<string> {
  const session = core.openSession()
  const answer = await core.call(session, 'auth.signIn', { username, secret: pin })
  if (!answer.ok) throw new Error(`sign-in as ${username} failed: ${answer.error.message}`)
  return answer.renewedSessionId ?? session
}
