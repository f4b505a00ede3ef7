/** Patient records, PIN hashes and keys are readable by the workstation's own account only. */
import { chmodSync, chownSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '../../src/main/core'
import { KeyFolder } from '../../src/main/vault/key-folder'
import { TEST_SCRYPT, tempDir } from '../helpers/temp-core'

const cleanups: Array<() => void> = []
afterEach(() => cleanups.splice(0).forEach((clean) => clean()))

/** Each path under a folder with its permissions, and what they should be (folders 700, files 600). */
function modes(root: string): Record<string, { mode: string; wanted: string }> {
  const found: Record<string, { mode: string; wanted: string }> = {}
  const visit = (path: string, name: string): void => {
    const stat = statSync(path, { throwIfNoEntry: false })
    // SQLite removes its -shm and -journal files as it goes.
    if (!stat) return
    found[name] = { mode: (stat.mode & 0o777).toString(8), wanted: stat.isDirectory() ? '700' : '600' }
    if (stat.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry), `${name}/${entry}`)
  }
  visit(root, '.')
  return found
}

function folders(): { data: string; keys: string } {
  const data = tempDir()
  const keys = tempDir('counter-keys-')
  cleanups.push(data.remove, keys.remove)
  return { data: data.path, keys: keys.path }
}

const config = (data: string, keys: string) => ({
  dataDir: data,
  keys: new KeyFolder(keys, null),
  autoDevices: false,
  security: { scryptCost: TEST_SCRYPT },
  log: () => undefined
})

describe('files at rest', () => {
  it('makes the data and key folders 0700 and every file in them 0600 at start, whatever they were', async () => {
    const { data, keys } = folders()
    chmodSync(data, 0o755)
    chmodSync(keys, 0o755)
    mkdirSync(join(data, 'exports'), { mode: 0o777 })
    writeFileSync(join(data, 'exports', 'old.csv'), 'x', { mode: 0o644 })
    writeFileSync(join(data, 'notes.txt'), 'x', { mode: 0o666 })
    const core = await createCore(config(data, keys))
    // Work that writes the store and its WAL after start.
    const session = core.openSession()
    await core.call(session, 'auth.signIn', { username: 'ajones', secret: '2222' })
    const dataModes = modes(data)
    const keyModes = modes(keys)
    await core.close()
    expect(Object.keys(dataModes)).toEqual(
      expect.arrayContaining(['./training.sqlite', './training.sqlite-wal', './training-sandbox.sqlite'])
    )
    expect(Object.keys(keyModes)).toEqual(expect.arrayContaining(['./audit.key', './training.anchor.json']))
    for (const [name, { mode, wanted }] of Object.entries({ ...dataModes, ...keyModes }))
      expect(mode, name).toBe(wanted)
  })

  it('refuses to start, saying what to do, when a file in the data folder belongs to another account', async () => {
    if (process.getuid?.() !== 0) return // Only root can give a file away; CI runs as root.
    const { data, keys } = folders()
    writeFileSync(join(data, 'training.sqlite'), '')
    chownSync(join(data, 'training.sqlite'), 4242, 4242)
    await expect(createCore(config(data, keys))).rejects.toThrow(/belongs to another account \(uid 4242\).*chown/)
  })
})
