import { describe, expect, it } from 'vitest'
import { storedStage } from './stages'

describe('the stage a stored row is in', () => {
  it('reads a known stage as it is', () => {
    expect(storedStage('labelled', false)).toBe('labelled')
    expect(storedStage('awaiting_hard_copy', true)).toBe('awaiting_hard_copy')
  })

  it('reads the accepted stage of early versions as where accept leads now', () => {
    expect(storedStage('accepted', true)).toBe('awaiting_hard_copy')
    expect(storedStage('accepted', false)).toBe('stock_check')
  })

  it('reads the clinically checked stage of early versions as labelled (the check made, the accuracy check next)', () => {
    expect(storedStage('clinically_checked', false)).toBe('labelled')
  })

  it('shows a stage it does not know as new', () => {
    expect(storedStage('teleported', false)).toBe('new')
  })
})
