import { BrowserWindow, session, shell } from 'electron'
import { join } from 'node:path'
import { CONTENT_SECURITY_POLICY, isAppUrl, mayOpenExternally, type RendererSource } from './origins'

/** Electron's security checklist, applied once to the default session (see the README's security section). */
export function hardenSession(): void {
  const ses = session.defaultSession
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  // The development server's pages get the same policy as the app's own (app-protocol.ts sets it there).
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
  })
  // No downloads are started by the app itself (exports are saved by the page); refuse any other.
  ses.on('will-download', (event) => event.preventDefault())
}

export function createMainWindow(preloadDir: string, source: RendererSource): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    show: false,
    title: 'Pharmetra Counter',
    webPreferences: {
      preload: join(preloadDir, 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false
    }
  })
  window.once('ready-to-show', () => window.show())

  // No navigation away from the app's own origin, no new windows; allowed outside links open in the system browser.
  const stayHome = (event: { preventDefault(): void }, url: string): void => {
    if (!isAppUrl(url, source)) event.preventDefault()
  }
  window.webContents.on('will-navigate', stayHome)
  window.webContents.on('will-redirect', stayHome)
  window.webContents.on('will-attach-webview', (event) => event.preventDefault())
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (mayOpenExternally(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })

  void window.loadURL(source.url)
  return window
}
