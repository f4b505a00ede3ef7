/**
 * The full integrity check is off the start path: a store closed cleanly opens without it (the
 * damage is found by the background check, kept, and told to every window), a store left open by a
 * crash is checked in full as it opens and refused when damaged, and an administrator can check
 * the store on demand while the counter keeps answering.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '../src/main/core'
import { openStore } from '../src/main/db/open'
import { integrityProblemsInBackground } from '../src/main/maintenance/integrity-worker'
import type { CounterEvent } from '../src/shared/contract'
import { ManualClock, TEST_SCRYPT, signedInAs, tempDir, tempKeys } from './helpers/temp-core'

const dirs: Array<{ remove(): void }> = []
afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()))

function newDir(): string {
  const dir = tempDir('store-checks-')
  dirs.push(dir)
  return dir.path
}

/** A table of a few hundred pages at the end of the file, which nothing reads at start. */
function addFiller(file: string): void {
  const store = openStore(file)
  store.sqlite.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL)')
  const insert = store.sqlite.prepare('INSERT INTO filler (body) VALUES (?)')
  store.sqlite.transaction(() => {
    for (let i = 0; i < 3_000; i++) insert.run(`row ${i} `.padEnd(400, 'x'))
  })()
  store.sqlite.pragma('wal_checkpoint(TRUNCATE)')
  store.close()
}

/** Scribbles over pages near the end of the file: the filler's, not the schema's nor the migrations'. */
function damageFiller(file: string): void {
  const bytes = readFileSync(file)
  for (let i = bytes.length - 4096 * 40; i < bytes.length - 4096 * 10; i += 13) bytes[i] = 0x5a
  writeFileSync(file, bytes)
}

describe('the database check', () => {
  it('is not run at a clean start; the background check finds the damage', async () => {
    const file = join(newDir(), 'counter.sqlite')
    addFiller(file)
    expect(existsSync(`${file}.in-use`)).toBe(false)
    damageFiller(file)

    const store = openStore(file)
    expect(store.lastStopWasClean).toBe(true)
    store.close()
    const problems = await integrityProblemsInBackground(file, { maxProblems: 20 })
    expect(problems.length).toBeGreaterThan(0)
  })

  it('runs in full as the store opens after a stop that never closed it, and refuses a damaged store', () => {
    const file = join(newDir(), 'counter.sqlite')
    addFiller(file)
    const crashed = openStore(file)
    // The process dies: the connection goes, the marker stays.
    crashed.sqlite.close()
    expect(existsSync(`${file}.in-use`)).toBe(true)
    const reopened = openStore(file)
    expect(reopened.lastStopWasClean).toBe(false)
    reopened.sqlite.close()

    damageFiller(file)
    expect(() => openStore(file)).toThrow(/failed its integrity check/)
    // Refused, the marker stays: the next start checks again.
    expect(existsSync(`${file}.in-use`)).toBe(true)
  })

  it('an administrator checks on demand; a failure is kept across a restart and told to every window', async () => {
    const dataDir = newDir()
    const keys = tempKeys()
    dirs.push(keys)
    const config = {
      dataDir,
      keys: keys.keys,
      clock: new ManualClock(),
      security: { scryptCost: TEST_SCRYPT },
      autoDevices: false,
      log: () => undefined
    }
    let core = await createCore(config)
    const admin = await signedInAs(core, 'admin', '9999')
    const dispenser = await signedInAs(core, 'ajones', '2222')
    expect(await core.call(dispenser, 'store.checkStatus', {})).toMatchObject({
      ok: true,
      value: { latest: null, running: false }
    })
    expect(await core.call(dispenser, 'store.check', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const sound = await core.call(admin, 'store.check', {})
    expect(sound).toMatchObject({
      ok: true,
      value: { reason: 'administrator', sound: true, problems: [], requestedByName: 'Training Administrator' }
    })
    await core.close()

    const file = join(dataDir, 'training.sqlite')
    addFiller(file)
    damageFiller(file)
    core = await createCore(config)
    try {
      const heard: CounterEvent[] = []
      const pharmacist = await signedInAs(core, 'spatel', '1111')
      core.subscribe(pharmacist, (event) => heard.push(event))
      const again = await signedInAs(core, 'admin', '9999')
      const failed = await core.call(again, 'store.check', {})
      expect(failed.ok && failed.value.sound).toBe(false)
      expect(failed.ok && failed.value.problems.length).toBeGreaterThan(0)
      expect(heard.find((event) => event.name === 'store.checked')?.payload).toMatchObject({ sound: false })
    } finally {
      await core.close()
    }
    core = await createCore(config)
    try {
      const later = await signedInAs(core, 'ajones', '2222')
      const status = await core.call(later, 'store.checkStatus', {})
      expect(status.ok && status.value.latest?.sound).toBe(false)
    } finally {
      await core.close()
    }
  })
})
