/**
 * Each mutant of the mutation check still finds its line: exactly one match of its text in its
 * file. A merge that moves or rewrites a rule's line otherwise shows only at the end of CI, as a
 * mutant that cannot be applied, or one that now edits a line nothing takes (and survives).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { MUTANTS } from '../scripts/mutants-list.mjs'

describe('the mutation check’s mutants', () => {
  it.each(MUTANTS)('$name: its text is in its file once', (mutant) => {
    const text = readFileSync(mutant.file, 'utf8')
    expect(text.split(mutant.find).length - 1).toBe(1)
    expect(mutant.replace).not.toBe(mutant.find)
  })
})
