import { BrowserWindow } from 'electron'
import type { OsPrinting } from '../devices'

/**
 * Prints laid-out labels on a printer the operating system knows: each label is one page of the
 * label's own size, drawn from the same SVG as the on-screen preview, in a hidden sandboxed window.
 */
export const electronOsPrinting: OsPrinting = {
  async print(pages, deviceName) {
    const first = pages[0]
    if (!first) return
    const html = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
      <style>@page { size: ${first.widthMm}mm ${first.heightMm}mm; margin: 0 } body { margin: 0 } img { display: block; width: ${first.widthMm}mm; height: ${first.heightMm}mm; page-break-after: always }</style></head>
      <body>${pages.map((page) => `<img src="data:image/svg+xml;charset=utf-8,${encodeURIComponent(page.svg)}">`).join('')}</body></html>`
    const window = new BrowserWindow({
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false }
    })
    try {
      await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`)
      await new Promise<void>((resolve, reject) => {
        window.webContents.print(
          {
            silent: true,
            deviceName,
            printBackground: true,
            margins: { marginType: 'none' },
            pageSize: { width: Math.round(first.widthMm * 1000), height: Math.round(first.heightMm * 1000) }
          },
          (success, failureReason) =>
            success
              ? resolve()
              : reject(new Error(`The system printer "${deviceName}" refused the labels: ${failureReason}`))
        )
      })
    } finally {
      window.destroy()
    }
  }
}
