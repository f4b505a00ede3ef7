/**
 * Test support: a pair of linked pseudo-terminals made by socat, standing in for a serial device
 * and the PC's port. Each pair gets unique link paths; `stop` kills this socat (by its pid only).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface PtyPair {
  /** The end the app opens. */
  appPath: string
  /** The end the test (the simulated device) opens. */
  devicePath: string
  stop(): Promise<void>
  /** Starts socat again on the same link paths (a device plugged back in). */
  restart(): Promise<void>
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

export async function startPtyPair(): Promise<PtyPair> {
  const dir = await mkdtemp(join(tmpdir(), 'pc-pty-'))
  const appPath = join(dir, 'app')
  const devicePath = join(dir, 'device')
  let child: ChildProcess | null = null

  const start = async () => {
    const started = spawn(
      'socat',
      ['-d', '-d', `pty,raw,echo=0,link=${appPath}`, `pty,raw,echo=0,link=${devicePath}`],
      {
        stdio: ['ignore', 'ignore', 'pipe']
      }
    )
    let log = ''
    started.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString()
    })
    child = started
    await waitFor(
      () => log.includes('starting data transfer loop') && existsSync(appPath) && existsSync(devicePath),
      5000,
      `socat (${log})`
    )
  }

  const stop = async () => {
    const running = child
    child = null
    if (!running || running.exitCode !== null || running.signalCode !== null) return
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()))
    running.kill('SIGTERM')
    await exited
    await waitFor(() => !existsSync(appPath), 2000, 'socat to remove its links')
  }

  await start()
  return { appPath, devicePath, stop, restart: start }
}
