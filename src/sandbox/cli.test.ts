import { spawn, type ChildProcess } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { apiFor, read } from '../../test/helpers/sandbox'

let child: ChildProcess | null = null
afterEach(() => {
  if (child?.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGKILL')
  child = null
})

/** Spawns the CLI in its own process group and answers its first stdout line. */
function startCli(args: string[]): Promise<{ line: string; stdout: () => string }> {
  const spawned = spawn('npx', ['tsx', 'src/sandbox/cli.ts', ...args], {
    cwd: process.cwd(),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  child = spawned
  let stdout = ''
  let stderr = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line; stderr: ${stderr}`)), 20_000)
    spawned.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    spawned.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8')
      const newline = stdout.indexOf('\n')
      if (newline >= 0) {
        clearTimeout(timer)
        resolve({ line: stdout.slice(0, newline), stdout: () => stdout })
      }
    })
    spawned.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`exited ${String(code)}; stderr: ${stderr}`))
    })
  })
}

function exited(process: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => process.on('exit', (code) => resolve(code)))
}

describe('cli', () => {
  it('prints exactly the listening line once it answers, serves the demo day, and stops on SIGTERM', async () => {
    const { line, stdout } = await startCli(['--port', '0', '--token', 'cli-token', '--seed', 'demo'])
    const match = /^listening on http:\/\/127\.0\.0\.1:(\d+)$/.exec(line)
    expect(match).not.toBeNull()
    expect(Number(match?.[1])).toBeGreaterThan(0)
    const api = apiFor(`http://127.0.0.1:${match?.[1] ?? ''}`, 'cli-token')
    expect((await apiFor(api.url, null).get('/v1/health')).status).toBe(200)
    expect(read.page(await api.get('/v1/provider/feed?limit=500')).entries.length).toBeGreaterThanOrEqual(12)
    expect((await apiFor(api.url, 'wrong').get('/v1/provider/feed')).status).toBe(401)

    const running = child
    if (!running?.pid) throw new Error('no child')
    const done = exited(running)
    process.kill(-running.pid, 'SIGTERM')
    await done
    expect(stdout()).toBe(`${line}\n`)
  })

  it('refuses bad arguments with exit code 2', async () => {
    await expect(startCli(['--port', '0'])).rejects.toThrow(/exited 2;[\s\S]*--token is required/)
    await expect(startCli(['--port', '0', '--token', 't', '--seed', 'big'])).rejects.toThrow(/exited 2/)
  })
})
