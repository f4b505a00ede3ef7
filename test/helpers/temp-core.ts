import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore, type Core, type CoreConfig } from '../../src/main/core'
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

export async function startTempCore(
  overrides: Partial<CoreConfig> = {}
): Promise<{ core: Core; clock: ManualClock; dir: string; stop(): Promise<void> }> {
  const dir = tempDir()
  const clock = new ManualClock()
  const core = await createCore({
    dataDir: dir.path,
    clock,
    security: { scryptCost: TEST_SCRYPT },
    log: () => undefined,
    ...overrides
  })
  return {
    core,
    clock,
    dir: dir.path,
    stop: async () => {
      await core.close()
      dir.remove()
    }
  }
}

/** Opens a session and signs in as one of the training staff. */
export async function signedInAs(core: Core, username: string, pin: string): Promise<string> {
  const session = core.openSession()
  const answer = await core.call(session, 'auth.signIn', { username, secret: pin })
  if (!answer.ok) throw new Error(`sign-in as ${username} failed: ${answer.error.message}`)
  return session
}
