import { describe, expect, it } from 'vitest'
import { calls } from '@shared/contract'
import { timelineSentence } from './timeline-words'

describe('the timeline in words', () => {
  it('says every request command as a sentence, never as its code', () => {
    const requestCommands = Object.keys(calls).filter(
      (name) => name.startsWith('requests.') && calls[name as keyof typeof calls].mutates
    )
    expect(requestCommands.length).toBeGreaterThan(10)
    for (const command of [...requestCommands, 'phensys.snapshot', 'dispensing.scanPack']) {
      const sentence = timelineSentence(command)
      expect(sentence, command).not.toMatch(/[.]|[a-z][A-Z]|_/)
      expect(sentence, command).not.toContain('recorded')
    }
  })

  it('still says an unknown command in words', () => {
    expect(timelineSentence('stock.someNewThing')).toBe('Some new thing recorded')
  })
})
