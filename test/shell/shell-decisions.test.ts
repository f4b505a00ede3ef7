/**
 * The Electron shell's decisions, as pure functions (no Electron binary runs here): where the
 * renderer comes from, what is the app's own origin, where the window may go, what opens outside,
 * which files app:// serves, whether safeStorage is trusted, and the fuses set at packaging.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FuseV1Options } from '@electron/fuses'
import { COUNTER_FUSES } from '../../scripts/fuses.mjs'
import { APP_ENTRY, isAppUrl, mayOpenExternally, rendererFile, rendererSource } from '../../src/main/shell/origins'
import { keychainUsable } from '../../src/main/shell/keychain-choice'

const app = rendererSource(true, undefined)
const dev = rendererSource(false, 'http://localhost:5173/')

describe('the Electron shell', () => {
  it('serves the renderer from app://, and the development server only unpackaged and on loopback', () => {
    expect(app).toEqual({ kind: 'app', url: APP_ENTRY })
    expect(APP_ENTRY.startsWith('app://counter/')).toBe(true)
    expect(rendererSource(true, 'http://localhost:5173/')).toEqual(app)
    expect(dev).toMatchObject({ kind: 'dev-server', origin: 'http://localhost:5173' })
    for (const wrong of [
      'https://evil.example/',
      'http://evil.example:5173/',
      'file:///tmp/x.html',
      'not a url',
      'http://user:pw@localhost:5173/'
    ])
      expect(rendererSource(false, wrong), wrong).toEqual(app)
  })

  it('knows its own origin exactly: no file://, no look-alike hosts or ports', () => {
    expect(isAppUrl('app://counter/index.html', app)).toBe(true)
    expect(isAppUrl('app://counter/#/request/1', app)).toBe(true)
    for (const other of [
      'file:///home/x/index.html',
      'file:///work/out/renderer/index.html',
      'app://counter.evil/index.html',
      'app://evil/index.html',
      'app://user@counter/index.html',
      'http://localhost:5173/',
      'https://counter/',
      'javascript:alert(1)',
      ''
    ])
      expect(isAppUrl(other, app), other).toBe(false)
    expect(isAppUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true)
    for (const other of [
      'http://localhost:5173.evil.example/',
      'http://localhost:51730/',
      'http://127.0.0.1:5173/',
      'app://counter/'
    ])
      expect(isAppUrl(other, dev), other).toBe(false)
  })

  it('opens only allowed https pages outside', () => {
    expect(mayOpenExternally('https://www.pharmacyregulation.org/registers/pharmacist')).toBe(true)
    for (const other of [
      'http://www.pharmacyregulation.org/',
      'https://www.pharmacyregulation.org.evil.example/',
      'https://evil.example/',
      'file:///etc/passwd',
      'smb://server/share',
      'https://user@www.gov.uk/'
    ])
      expect(mayOpenExternally(other), other).toBe(false)
  })

  it('serves files from the renderer folder only', () => {
    const root = join('/opt', 'counter', 'renderer')
    expect(rendererFile(root, 'app://counter/')).toBe(join(root, 'index.html'))
    expect(rendererFile(root, 'app://counter/assets/index-1.js')).toBe(join(root, 'assets', 'index-1.js'))
    // The URL itself resolves dot segments: these stay inside the folder.
    expect(rendererFile(root, 'app://counter/../main/index.js')).toBe(join(root, 'main', 'index.js'))
    expect(rendererFile(root, 'app://counter/%2e%2e/main/index.js')).toBe(join(root, 'main', 'index.js'))
    for (const other of [
      'app://counter/..%2fmain%2findex.js',
      'app://counter/..%2f..%2fetc%2fpasswd',
      'app://counter/%E0%A4%A',
      'app://counter/a%00b',
      'app://other/index.html',
      'file:///opt/counter/renderer/index.html'
    ])
      expect(rendererFile(root, other), other).toBeNull()
  })

  it("trusts safeStorage except Linux's basic_text (a password built into Electron)", () => {
    expect(keychainUsable({ platform: 'linux', encryptionAvailable: true, linuxBackend: 'gnome_libsecret' })).toBe(true)
    expect(keychainUsable({ platform: 'linux', encryptionAvailable: true, linuxBackend: 'kwallet5' })).toBe(true)
    expect(keychainUsable({ platform: 'linux', encryptionAvailable: true, linuxBackend: 'basic_text' })).toBe(false)
    expect(keychainUsable({ platform: 'linux', encryptionAvailable: true, linuxBackend: 'unknown' })).toBe(false)
    expect(keychainUsable({ platform: 'darwin', encryptionAvailable: true, linuxBackend: undefined })).toBe(true)
    expect(keychainUsable({ platform: 'win32', encryptionAvailable: false, linuxBackend: undefined })).toBe(false)
  })

  it('sets the fuses at packaging: no run-as-node, no NODE_OPTIONS or inspect, cookies encrypted, only the signed asar', () => {
    expect(COUNTER_FUSES).toMatchObject({
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false
    })
  })
})
