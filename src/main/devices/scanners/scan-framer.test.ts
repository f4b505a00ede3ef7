import { describe, expect, it } from 'vitest'
import { ScanFramer } from './scan-framer'

const texts = (scans: { bytes: Buffer; terminated: boolean }[]) =>
  scans.map((scan) => [scan.bytes.toString('latin1'), scan.terminated])

describe('ScanFramer', () => {
  it('splits at CR, LF or CRLF across chunk boundaries, keeping GS', () => {
    const framer = new ScanFramer('CR')
    expect(texts(framer.push(Buffer.from('0105012345678900\u001d10AB')))).toEqual([])
    expect(texts(framer.push(Buffer.from('C\r\n5012345678900\r')))).toEqual([
      ['0105012345678900\u001d10ABC', true],
      ['5012345678900', true]
    ])
    expect(texts(new ScanFramer('CRLF').push(Buffer.from('A\r\nB\nC\r')))).toEqual([
      ['A', true],
      ['B', true],
      ['C', true]
    ])
  })

  it('splits at tabs only for TAB', () => {
    expect(texts(new ScanFramer('TAB').push(Buffer.from('A\tB\rC\t')))).toEqual([
      ['A', true],
      ['B\rC', true]
    ])
  })

  it('holds unterminated bytes until flushed', () => {
    const framer = new ScanFramer('NONE')
    expect(framer.push(Buffer.from('PC-REQ:fr_1'))).toEqual([])
    expect(framer.hasPending).toBe(true)
    expect(texts([framer.flush()].filter((s) => s !== null))).toEqual([['PC-REQ:fr_1', false]])
    expect(framer.flush()).toBeNull()
  })

  it('never grows past the maximum, emitting what overflowed', () => {
    const framer = new ScanFramer('CR', 16)
    const scans = framer.push(Buffer.alloc(40, 0x41))
    expect(scans.map((s) => s.bytes.length)).toEqual([16, 16])
    expect(scans.every((s) => !s.terminated)).toBe(true)
    expect(framer.flush()?.bytes.length).toBe(8)
  })
})
