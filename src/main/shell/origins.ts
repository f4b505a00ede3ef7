/**
 * The decisions the Electron shell makes about addresses, as plain functions (no `electron`
 * import, so they are tested under Node): where the renderer comes from, which addresses are the
 * app's own, where the window may navigate, what may open outside, which file a request serves.
 */
import { normalize, resolve, sep } from 'node:path'

/** The renderer is served from this scheme and host, never from file:// (shell/app-protocol.ts). */
export const APP_SCHEME = 'app'
const APP_HOST = 'counter'
export const APP_ENTRY = `${APP_SCHEME}://${APP_HOST}/index.html`

/** The page may load only its own scripts and styles, and talk only to its own origin. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"

/** Outside pages the app may open in the system browser: exact origins, https only. */
const EXTERNAL_ORIGINS: readonly string[] = [
  'https://www.pharmacyregulation.org',
  'https://bnf.nice.org.uk',
  'https://www.gov.uk'
]

export type RendererSource = { kind: 'app'; url: string } | { kind: 'dev-server'; url: string; origin: string }

/**
 * Where the window loads the renderer from. The development server (electron-vite dev sets
 * ELECTRON_RENDERER_URL) only in an unpackaged build, and only on this machine's loopback over
 * http; a packaged app always loads its own files.
 */
export function rendererSource(packaged: boolean, devServerUrl: string | undefined): RendererSource {
  if (packaged || !devServerUrl) return { kind: 'app', url: APP_ENTRY }
  let url: URL
  try {
    url = new URL(devServerUrl)
  } catch {
    return { kind: 'app', url: APP_ENTRY }
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]'
  if (url.protocol !== 'http:' || !loopback || url.username || url.password) return { kind: 'app', url: APP_ENTRY }
  return { kind: 'dev-server', url: url.href, origin: url.origin }
}

/**
 * Whether an address is the app's own: the same scheme, host and port as the renderer's source,
 * compared exactly (not by prefix: `app://counter.evil/` and `http://localhost:5173.evil/` are not ours).
 */
export function isAppUrl(address: string, source: RendererSource): boolean {
  let url: URL
  try {
    url = new URL(address)
  } catch {
    return false
  }
  if (source.kind === 'dev-server') return url.origin === source.origin
  // Node gives custom schemes an opaque origin ("null"), so scheme and host are compared themselves.
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && !url.username && !url.password
}

/** Whether a link may open in the system browser: https, on an allowed origin, nothing else. */
export function mayOpenExternally(address: string): boolean {
  try {
    const url = new URL(address)
    return url.protocol === 'https:' && EXTERNAL_ORIGINS.includes(url.origin) && !url.username && !url.password
  } catch {
    return false
  }
}

/** The file an app:// request asks for, inside the renderer folder; null for anything else. */
export function rendererFile(rendererDir: string, address: string): string | null {
  let url: URL
  try {
    url = new URL(address)
  } catch {
    return null
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null
  let path: string
  try {
    path = decodeURIComponent(url.pathname)
  } catch {
    return null
  }
  if (path.includes('\0')) return null
  const root = resolve(rendererDir)
  const file = normalize(resolve(root, `.${path === '/' ? '/index.html' : path}`))
  return file.startsWith(root + sep) ? file : null
}
