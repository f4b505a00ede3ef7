import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { phensysTokenFrom } from '../../src/browser/token-source'

/**
 * Browser mode's start takes the Phensys token from PHENSYS_TOKEN or a file, and checks it as the
 * settings do (`tokenProblem`): a token no header can carry stops the start, in words naming the
 * character and what to do, before the core starts and every Phensys call fails.
 */
describe('browser mode: the Phensys token at start', () => {
  it('takes a token a header can carry, from the environment or a file (its line ending dropped)', () => {
    expect(phensysTokenFrom({ flag: undefined, file: undefined, environment: 'abc-123_XYZ' })).toEqual({
      ok: true,
      value: 'abc-123_XYZ'
    })
    const file = join(mkdtempSync(join(tmpdir(), 'token-')), 'token')
    writeFileSync(file, 'abc-123_XYZ\n')
    expect(phensysTokenFrom({ flag: undefined, file, environment: undefined })).toEqual({
      ok: true,
      value: 'abc-123_XYZ'
    })
    expect(phensysTokenFrom({ flag: undefined, file: undefined, environment: undefined })).toEqual({
      ok: true,
      value: null
    })
  })

  it('refuses a token from PHENSYS_TOKEN holding a tab, naming it and what to do', () => {
    const token = phensysTokenFrom({ flag: undefined, file: undefined, environment: 'abc\tdef123' })
    expect(token.ok).toBe(false)
    if (token.ok) return
    expect(token.message).toContain('PHENSYS_TOKEN')
    expect(token.message).toContain('a control character (tab, U+0009)')
    expect(token.message).toMatch(/Set PHENSYS_TOKEN again without it/)
  })

  it('refuses a token from PHENSYS_TOKEN holding a letter outside Latin-1', () => {
    const token = phensysTokenFrom({ flag: undefined, file: undefined, environment: 'abc’def123' })
    expect(token.ok).toBe(false)
    if (token.ok) return
    expect(token.message).toContain('a character outside Latin-1 (“’”, U+2019)')
  })

  it('refuses a token file holding a line break inside the token, naming the file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'token-')), 'token')
    writeFileSync(file, 'abc\ndef123\n')
    const token = phensysTokenFrom({ flag: undefined, file, environment: undefined })
    expect(token.ok).toBe(false)
    if (token.ok) return
    expect(token.message).toContain(file)
    expect(token.message).toContain('a control character (line break, U+000A)')
    expect(token.message).toMatch(/Write the token in .* again without it/)
  })
})
