/**
 * The Electron shell, and the only main-process module that imports `electron` (with shell/).
 * It hosts the core: one window, the IPC binding, the menu. Everything else is in createCore.
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
  const activeCore = core

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
    const answer = await activeCore.dispatch(sessionId, name, input)
    if (!answer.ok || !answer.renewedSessionId) return answer
    // The window's session has a new id (sign-in): the page never sees ids, the shell keeps it.
    sessionsByContents.set(event.sender.id, answer.renewedSessionId)
    const { renewedSessionId: _renewed, ...rest } = answer
    return rest
  })

  Menu.setApplicationMenu(buildMenu(!app.isPackaged))
  openWindow(activeCore)
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow(activeCore)
  })
}

function openWindow(activeCore: Core): void {
  const window = createMainWindow(join(here, '..', 'preload'), source)
  const contentsId = window.webContents.id
  const sessionId = activeCore.openSession()
  sessionsByContents.set(contentsId, sessionId)
  const unsubscribe = activeCore.subscribe(sessionId, (event) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, event)
  })
  window.on('closed', () => {
    unsubscribe?.()
    const current = sessionsByContents.get(contentsId)
    sessionsByContents.delete(contentsId)
    if (current) activeCore.closeSession(current)
  })
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
app.on('will-quit', () => {
  void core?.close()
})

start().catch((error: unknown) => {
  console.error('Pharmetra Counter could not start:', error)
  app.exit(1)
})
