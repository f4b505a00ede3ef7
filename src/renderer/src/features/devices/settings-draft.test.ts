import { describe, expect, it } from 'vitest'
import { deviceSettingsSchema } from '@shared/devices/settings'
import { newScanner, printerDraft, scannerDrafts, withPrinter, withScanners } from './settings-draft'

const base = deviceSettingsSchema.parse({
  serialScanners: [{ id: 'scanner-1', label: 'Bench', path: '/dev/ttyUSB0', baudRate: 115200, suffix: 'CRLF' }],
  wedge: { maxGapMs: 60 },
  labelPrinter: { kind: 'tcp', host: '10.0.0.5', port: 9100, writeTimeoutMs: 4000 }
})

describe('device settings drafts', () => {
  it('round-trips the settings unchanged, the wedge settings included', () => {
    const printer = withPrinter(base, printerDraft(base))
    expect(printer).toEqual({ ok: true, settings: base })
    const scanners = withScanners(base, scannerDrafts(base))
    expect(scanners).toEqual({ ok: true, settings: base })
  })

  it('keeps the timeouts of the same kind of printer, and drops them for another kind', () => {
    const moved = withPrinter(base, { ...printerDraft(base), host: '10.0.0.6', port: '6101' })
    expect(moved.ok && moved.settings.labelPrinter).toEqual({
      kind: 'tcp',
      host: '10.0.0.6',
      port: 6101,
      writeTimeoutMs: 4000
    })
    const serial = withPrinter(base, {
      ...printerDraft(base),
      kind: 'serial',
      path: '/dev/ttyS1',
      baudRate: '19200',
      rtscts: true
    })
    expect(serial.ok && serial.settings.labelPrinter).toEqual({
      kind: 'serial',
      path: '/dev/ttyS1',
      baudRate: 19200,
      rtscts: true
    })
    const none = withPrinter(base, { ...printerDraft(base), kind: 'none' })
    expect(none.ok && none.settings.labelPrinter).toBeNull()
  })

  it('says which field is wrong, and for which scanner', () => {
    const badPort = withPrinter(base, { ...printerDraft(base), port: '' })
    expect(badPort.ok).toBe(false)
    expect(!badPort.ok && badPort.message).toMatch(/^TCP port: /)
    const drafts = [...scannerDrafts(base), { ...newScanner(scannerDrafts(base)), path: '' }]
    const badScanner = withScanners(base, drafts)
    expect(!badScanner.ok && badScanner.message).toMatch(/^Scanner 2, port: /)
  })

  it('gives a new scanner an id no other has', () => {
    const drafts = [{ ...newScanner([]), id: 'scanner-2' }]
    expect(newScanner(drafts).id).toBe('scanner-3')
  })
})
