/**
 * The Electron shell, and the only main-process module that imports `electron` (with shell/).
 * It hosts the core: one window, the IPC binding, the menu. Everything else is in createCore.
 */
import { app, BrowserWindow, ipcMain, Menu, safeStorage, type IpcMainInvokeEvent } from 'electron'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createCore, type Core } from './core'
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../shared/contract'
import { createMainWindow, hardenSession, isAppUrl } from './shell/window'
import { buildMenu } from './shell/menu'
import { electronOsPrinting } from './shell/os-printing'
import { readConnection, type SecretBox } from './settings/connection-store'

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

let core: Core | null = null
const sessionsByContents = new Map<number, string>()

async function start(): Promise<void> {
  await app.whenReady()
  hardenSession()
  const dataDir = join(app.getPath('userData'), 'store')
  const secretBox: SecretBox | null = safeStorage.isEncryptionAvailable()
    ? {
        encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
        decrypt: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64'))
      }
    : null
  core = await createCore({
    dataDir,
    phensys: readConnection(dataDir, secretBox),
    secretBox,
    osPrinting: electronOsPrinting,
    requestRestart: () => {
      app.relaunch()
      app.exit(0)
    },
    ...(existsSync(electronSqlite) ? { nativeBinding: electronSqlite } : {})
  })
  const activeCore = core

  ipcMain.handle(IPC_INVOKE_CHANNEL, (event: IpcMainInvokeEvent, name: unknown, input: unknown) => {
    const sessionId = sessionsByContents.get(event.sender.id)
    // Only our own window's own frame may call.
    if (!sessionId || !event.senderFrame || !isAppUrl(event.senderFrame.url) || typeof name !== 'string') {
      return {
        ok: false,
        error: { code: 'forbidden', message: 'Calls are accepted only from the Pharmetra Counter window.' }
      }
    }
    return activeCore.dispatch(sessionId, name, input)
  })

  Menu.setApplicationMenu(buildMenu(!app.isPackaged))
  openWindow(activeCore)
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow(activeCore)
  })
}

function openWindow(activeCore: Core): void {
  const window = createMainWindow(join(here, '..', 'preload'), join(here, '..', 'renderer'))
  const contentsId = window.webContents.id
  const sessionId = activeCore.openSession()
  sessionsByContents.set(contentsId, sessionId)
  const unsubscribe = activeCore.subscribe(sessionId, (event) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, event)
  })
  window.on('closed', () => {
    unsubscribe()
    sessionsByContents.delete(contentsId)
    activeCore.closeSession(sessionId)
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
