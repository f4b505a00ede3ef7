/**
 * The Electron shell, and the only main-process module that imports `electron` (with shell/).
 * It hosts the core: one window, the IPC binding, the menu. Everything else is in createCore.
 * Started with `--workstation=DIR` it hosts no core: it is a bench of the premises host, its
 * window answered through the bench's line to the host (src/premises/workstation.ts).
 * The security checklist it follows is in the README (security section), point by point.
 */
import { app, BrowserWindow, ipcMain, Menu, safeStorage, type IpcMainInvokeEvent } from 'electron'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createCore, type Core } from './core'
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../shared/contract'
import { createMainWindow, hardenSession } from './shell/window'
import { registerAppScheme, serveRenderer } from './shell/app-protocol'
import { isAppUrl, rendererSource } from './shell/origins'
import { keychainUsable } from './shell/keychain-choice'
import { buildMenu } from './shell/menu'
import { electronOsPrinting } from './shell/os-printing'
import { readConnection } from './settings'
import { type SecretBox, KeyFolder } from './vault'
import { readPairing, startWorkstation, type Workstation } from '../premises/workstation'
import type { ContractEndpoint } from '../browser/server'

const here = dirname(fileURLToPath(import.meta.url))
const appRoot = join(here, '..', '..')
/** Where scripts/rebuild-for-electron.mjs puts better-sqlite3 built for Electron's ABI. */
const electronSqlite = join(
  appRoot,
  'node_modules',
  '.electron-native',
  'node_modules',
  'better-sqlite3',
  'build',
  'Release',
  'better_sqlite3.node'
)
// The development server only in an unpackaged build (electron-vite dev), compared exactly.
const source = rendererSource(app.isPackaged, process.env.ELECTRON_RENDERER_URL)

let core: Core | null = null
let workstation: Workstation | null = null
const sessionsByContents = new Map<number, string>()

// Everything the app writes is its owner's alone; app:// must be declared before the app is ready.
process.umask(0o077)
registerAppScheme()

function osKeychain(): SecretBox | null {
  const usable = keychainUsable({
    platform: process.platform,
    encryptionAvailable: safeStorage.isEncryptionAvailable(),
    linuxBackend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined
  })
  if (!usable) return null
  return {
    protection: 'os-keychain',
    encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decrypt: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64'))
  }
}

async function start(): Promise<void> {
  await app.whenReady()
  hardenSession()
  serveRenderer(join(here, '..', 'renderer'))
  const endpoint = workstationEndpoint() ?? (await hostCore())

  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event: IpcMainInvokeEvent, name: unknown, input: unknown) => {
    const sessionId = sessionsByContents.get(event.sender.id)
    const frame = event.senderFrame
    // Only our own window's top frame, showing our own origin exactly, may call.
    if (!sessionId || !frame || frame.parent !== null || !isAppUrl(frame.url, source) || typeof name !== 'string') {
      return {
        ok: false,
        error: { code: 'forbidden', message: 'Calls are accepted only from the Pharmetra Counter window.' }
      }
    }
    const answer = await endpoint.dispatch(sessionId, name, input)
    if (!answer.ok || !answer.renewedSessionId) return answer
    // The window's session has a new id (sign-in): the page never sees ids, the shell keeps it.
    sessionsByContents.set(event.sender.id, answer.renewedSessionId)
    const { renewedSessionId: _renewed, ...rest } = answer
    return rest
  })

  Menu.setApplicationMenu(buildMenu(!app.isPackaged))
  await openWindow(endpoint)
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void openWindow(endpoint)
  })
}

/**
 * `--workstation=DIR`: a bench of the premises, paired beforehand into DIR (`npm run
 * start:workstation -- --data-dir DIR --pair https://HOST:PORT --code CODE --name NAME`), with
 * `--scanner=PATH[@BAUD]` and `--printer=tcp:HOST[:PORT]` for the devices at the bench. Null
 * without the switch: this machine hosts the core.
 */
function workstationEndpoint(): ContractEndpoint | null {
  const dir = app.commandLine.getSwitchValue('workstation')
  if (!dir) return null
  const pairing = readPairing(dir)
  if (!pairing)
    throw new Error(`${dir} holds no pairing with a host: pair it first (npm run start:workstation -- --pair …).`)
  const scanner = app.commandLine.getSwitchValue('scanner')
  const printer = app.commandLine.getSwitchValue('printer')
  workstation = startWorkstation(pairing, { scanners: scanner ? [scanner] : [], printer: printer || null }, (m, e) =>
    console.error(`[bench-devices] ${m}`, e ?? '')
  )
  return workstation.link
}

async function hostCore(): Promise<Core> {
  const dataDir = join(app.getPath('userData'), 'store')
  const keys = new KeyFolder(join(app.getPath('userData'), 'keys'), osKeychain())
  core = await createCore({
    dataDir,
    keys,
    phensys: readConnection(dataDir, keys.secretBox()),
    osPrinting: electronOsPrinting,
    requestRestart: () => {
      app.relaunch()
      app.exit(0)
    },
    ...(existsSync(electronSqlite) ? { nativeBinding: electronSqlite } : {})
  })
  return core
}

async function openWindow(endpoint: ContractEndpoint): Promise<void> {
  const window = createMainWindow(join(here, '..', 'preload'), source)
  const contentsId = window.webContents.id
  const sessionId = await endpoint.openSession()
  sessionsByContents.set(contentsId, sessionId)
  const unsubscribe = endpoint.subscribe(sessionId, (event) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, event)
  })
  window.on('closed', () => {
    unsubscribe?.()
    const current = sessionsByContents.get(contentsId)
    sessionsByContents.delete(contentsId)
    if (current) endpoint.closeSession(current)
  })
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
app.on('will-quit', () => {
  void core?.close()
  void workstation?.stop()
})

start().catch((error: unknown) => {
  console.error('Pharmetra Counter could not start:', error)
  app.exit(1)
})
