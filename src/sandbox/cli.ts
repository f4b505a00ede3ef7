/**
 * `tsx src/sandbox/cli.ts --port <port> --token <token> [--db <file>] [--seed demo]`
 * Starts the sandbox on 127.0.0.1 and prints exactly `listening on http://127.0.0.1:<port>` on
 * stdout once it answers (port 0 picks a free port and prints the real one). Everything else goes
 * to stderr. SIGINT/SIGTERM close it cleanly.
 */
import { parseArgs } from 'node:util'
import { startSandbox } from './index'

const USAGE = 'usage: npm run sandbox -- --port <port> --token <token> [--db <file>] [--seed demo|none]'

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`)
  process.exit(2)
}

async function main(): Promise<void> {
  let values: { port?: string; token?: string; db?: string; seed?: string }
  try {
    ;({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        token: { type: 'string' },
        db: { type: 'string' },
        seed: { type: 'string' }
      },
      strict: true
    }))
  } catch (error) {
    fail((error as Error).message)
  }
  const port = Number(values.port ?? 'NaN')
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail('--port must be 0..65535')
  if (!values.token) fail('--token is required')
  const seed = values.seed ?? 'none'
  if (seed !== 'demo' && seed !== 'none') fail('--seed must be demo or none')

  const sandbox = await startSandbox({
    port,
    token: values.token,
    seed,
    ...(values.db ? { dbFile: values.db } : {})
  })
  const health = await fetch(`${sandbox.url}/v1/health`)
  if (!health.ok) {
    await sandbox.close()
    fail(`the sandbox did not answer its health check (${health.status})`)
  }
  if (sandbox.seeded > 0) process.stderr.write(`seeded ${sandbox.seeded} demo requests\n`)
  process.stdout.write(`listening on ${sandbox.url}\n`)

  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${String(error)}\n`)
        process.exit(1)
      }
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => {
  process.stderr.write(`the sandbox failed to start: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
