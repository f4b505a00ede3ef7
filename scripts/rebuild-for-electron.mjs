// Builds a second copy of better-sqlite3 for Electron's ABI into node_modules/.electron-native,
// leaving the copy that Node (tests, browser mode, the sandbox) loads untouched. The Electron
// shell passes that copy to better-sqlite3 as its `nativeBinding`.
//
// Guarded: skipped under CI, when Electron's binary or headers cannot be had (as on machines that
// reach only the npm registry), and it never fails `npm install`.
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const require = createRequire(import.meta.url)
const say = (message) => console.log(`[rebuild-for-electron] ${message}`)

async function main() {
  if (process.env.CI) return say('skipped: CI is set')
  let electronVersion
  try {
    electronVersion = require('electron/package.json').version
  } catch {
    return say('skipped: electron is not installed')
  }
  if (!existsSync(join('node_modules', 'electron', 'path.txt')))
    return say('skipped: no Electron binary on this machine')

  const staging = join('node_modules', '.electron-native')
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(join(staging, 'node_modules'), { recursive: true })
  writeFileSync(
    join(staging, 'package.json'),
    JSON.stringify({ name: 'electron-native', private: true, dependencies: { 'better-sqlite3': '*' } })
  )
  cpSync(join('node_modules', 'better-sqlite3'), join(staging, 'node_modules', 'better-sqlite3'), { recursive: true })

  // With npm_config_nodedir set, @electron/rebuild silently builds against Node's headers.
  delete process.env.npm_config_nodedir
  delete process.env.NPM_CONFIG_NODEDIR
  const { rebuild } = await import('@electron/rebuild')
  const timeout = new Promise((_, reject) =>
    setTimeout(() => reject(new Error('timed out after 5 minutes')), 300_000).unref()
  )
  await Promise.race([
    rebuild({ buildPath: staging, electronVersion, onlyModules: ['better-sqlite3'], force: true }),
    timeout
  ])
  say(`better-sqlite3 built for Electron ${electronVersion} in ${staging}`)
}

main().catch((error) => {
  say(
    `skipped: could not build for Electron (${String(error?.message ?? error).split('\n')[0]}); Electron will need it rebuilt later`
  )
  rmSync(join('node_modules', '.electron-native'), { recursive: true, force: true })
})
