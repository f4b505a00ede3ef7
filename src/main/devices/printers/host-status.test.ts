import { describe, expect, it } from 'vitest'
import { formatHostStatus, isCompleteHostStatus, parseHostStatus } from './host-status'

describe('~HS host status', () => {
  it('reads a ready printer', () => {
    const raw =
      '\u0002030,0,0,0280,000,0,0,0,000,0,0,0\u0003\r\n\u0002001,0,0,0,1,2,6,0,00000000,1,000\u0003\r\n\u00021234,0\u0003\r\n'
    expect(parseHostStatus(raw)).toMatchObject({
      ready: true,
      problems: [],
      labelLengthDots: 280,
      thermalTransfer: true
    })
  })

  it('reads paper out, head open, paused and the rest', () => {
    const status = parseHostStatus(
      formatHostStatus({
        paperOut: true,
        paused: true,
        headOpen: true,
        ribbonOut: true,
        thermalTransfer: true,
        bufferFull: true,
        overTemperature: true,
        formatsInBuffer: 3,
        labelsRemaining: 12
      })
    )
    expect(status).toMatchObject({
      ready: false,
      paperOut: true,
      paused: true,
      headOpen: true,
      formatsInBuffer: 3,
      labelsRemaining: 12,
      problems: ['paper-out', 'paused', 'head-open', 'ribbon-out', 'buffer-full', 'over-temperature']
    })
  })

  it('ignores ribbon-out on direct-thermal printers', () => {
    expect(parseHostStatus(formatHostStatus({ ribbonOut: true }))?.problems).toEqual([])
  })

  it('waits for all three strings and refuses other answers', () => {
    const full = formatHostStatus()
    expect(isCompleteHostStatus(full.slice(0, 40))).toBe(false)
    expect(parseHostStatus(full.slice(0, 60))).toBeNull()
    expect(parseHostStatus('hello')).toBeNull()
    expect(parseHostStatus('\u0002a\u0003\u0002b\u0003\u0002c\u0003')).toBeNull()
    expect(parseHostStatus(Buffer.from(full, 'latin1'))?.ready).toBe(true)
  })
})
