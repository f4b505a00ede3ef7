// `npm start`: the Electron app in training mode where Electron can run; otherwise one clear
// line, then browser mode with the address to open. A newcomer's first command never ends in a
// stack trace.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/** Electron's npm package records its downloaded binary in path.txt; no download is attempted here. */
function electronBinary() {
  try {
    const packageDir = dirname(require.resolve('electron/package.json'))
    const pathFile = join(packageDir, 'path.txt')
    if (!existsSync(pathFile)) return null
    const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim())
    return existsSync(binary) ? binary : null
  } catch {
    return null
  }
}

function run(command, args) {
  const child = spawn(command, args, { stdio: 'inherit', shell: process.platform === 'win32' })
  child.on('exit', (code) => process.exit(code ?? 0))
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
}

if (electronBinary()) {
  run('npx', ['electron-vite', 'preview'])
} else {
  console.log('Electron is not available on this machine (its binary could not be downloaded), so Pharmetra Counter starts in browser mode instead.')
  run('npm', ['run', '--silent', 'start:browser', '--', ...process.argv.slice(2)])
}
