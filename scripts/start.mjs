// `npm start`: the Electron app in training mode where Electron can run; otherwise one clear
// line, then browser mode with the address to open. A newcomer's first command never ends in a
// stack trace.
import { spawn } from 'node:child_process'
import { electronBinary } from './electron-binary.mjs'

function run(command, args) {
  const child = spawn(command, args, { stdio: 'inherit', shell: process.platform === 'win32' })
  child.on('exit', (code) => process.exit(code ?? 0))
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
}

if (electronBinary()) {
  run('npx', ['electron-vite', 'preview'])
} else {
  console.log(
    'Electron is not available on this machine (its binary could not be downloaded), so Pharmetra Counter starts in browser mode instead.'
  )
  run('npm', ['run', '--silent', 'start:browser', '--', ...process.argv.slice(2)])
}
