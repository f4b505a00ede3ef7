/**
 * Zebra ~HS (host status) response: three strings, each framed STX … ETX CR LF.
 *   1: aaa,b,c,dddd,eee,f,g,h,iii,j,k,l   b paper out, c paused, dddd label length (dots),
 *      eee formats in the receive buffer, f buffer full, h partial format, j corrupt RAM,
 *      k under temperature, l over temperature
 *   2: mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www   o head up (open), p ribbon out, q thermal transfer,
 *      r print mode, t label waiting, uuuuuuuu labels remaining in batch
 *   3: xxxx,y                              password, static RAM installed
 */

export const HOST_STATUS_REQUEST = '~HS'

export type PrinterProblem =
  | 'paper-out'
  | 'paused'
  | 'head-open'
  | 'ribbon-out'
  | 'buffer-full'
  | 'under-temperature'
  | 'over-temperature'
  | 'corrupt-ram'

export interface PrinterStatus {
  /** No problem reported. */
  ready: boolean
  problems: PrinterProblem[]
  paperOut: boolean
  paused: boolean
  headOpen: boolean
  ribbonOut: boolean
  bufferFull: boolean
  underTemperature: boolean
  overTemperature: boolean
  corruptRam: boolean
  partialFormat: boolean
  labelWaiting: boolean
  formatsInBuffer: number
  labelsRemaining: number
  labelLengthDots: number
  thermalTransfer: boolean
  /** The three strings as received, without framing. */
  raw: string[]
}

const STX = '\u0002'
const ETX = '\u0003'

/** The framed strings found so far. */
function frames(text: string): string[] {
  const found: string[] = []
  let start = text.indexOf(STX)
  while (start !== -1) {
    const end = text.indexOf(ETX, start + 1)
    if (end === -1) break
    found.push(text.slice(start + 1, end))
    start = text.indexOf(STX, end + 1)
  }
  return found
}

function decode(response: string | Uint8Array): string {
  return typeof response === 'string' ? response : new TextDecoder('latin1').decode(response)
}

export function isCompleteHostStatus(response: string | Uint8Array): boolean {
  return frames(decode(response)).length >= 3
}

/** Parses a ~HS answer; null when it is incomplete or not a ~HS answer. */
export function parseHostStatus(response: string | Uint8Array): PrinterStatus | null {
  const [first, second, third] = frames(decode(response))
  if (first === undefined || second === undefined || third === undefined) return null
  const a = first.split(',').map((field) => field.trim())
  const b = second.split(',').map((field) => field.trim())
  if (a.length < 12 || b.length < 11) return null
  const flag = (fields: string[], index: number) => fields[index] === '1'
  const int = (fields: string[], index: number) => {
    const value = Number.parseInt(fields[index] ?? '', 10)
    return Number.isFinite(value) ? value : 0
  }
  const status = {
    paperOut: flag(a, 1),
    paused: flag(a, 2),
    headOpen: flag(b, 2),
    ribbonOut: flag(b, 3),
    bufferFull: flag(a, 5),
    underTemperature: flag(a, 10),
    overTemperature: flag(a, 11),
    corruptRam: flag(a, 9)
  }
  const problems: PrinterProblem[] = []
  if (status.paperOut) problems.push('paper-out')
  if (status.paused) problems.push('paused')
  if (status.headOpen) problems.push('head-open')
  // Ribbon out matters only in thermal-transfer mode; direct-thermal printers report it set.
  if (status.ribbonOut && flag(b, 4)) problems.push('ribbon-out')
  if (status.bufferFull) problems.push('buffer-full')
  if (status.underTemperature) problems.push('under-temperature')
  if (status.overTemperature) problems.push('over-temperature')
  if (status.corruptRam) problems.push('corrupt-ram')
  return {
    ready: problems.length === 0,
    problems,
    ...status,
    partialFormat: flag(a, 7),
    labelWaiting: flag(b, 7),
    formatsInBuffer: int(a, 4),
    labelsRemaining: int(b, 8),
    labelLengthDots: int(a, 3),
    thermalTransfer: flag(b, 4),
    raw: [first, second, third]
  }
}

/** A ~HS answer as a printer would send it (for tests and the printer simulator). */
export function formatHostStatus(
  status: Partial<
    Pick<
      PrinterStatus,
      | 'paperOut'
      | 'paused'
      | 'headOpen'
      | 'ribbonOut'
      | 'bufferFull'
      | 'underTemperature'
      | 'overTemperature'
      | 'corruptRam'
      | 'thermalTransfer'
    >
  > & { formatsInBuffer?: number; labelsRemaining?: number; labelLengthDots?: number } = {}
): string {
  const bit = (value: boolean | undefined) => (value ? '1' : '0')
  const first = [
    '030',
    bit(status.paperOut),
    bit(status.paused),
    String(status.labelLengthDots ?? 280).padStart(4, '0'),
    String(status.formatsInBuffer ?? 0).padStart(3, '0'),
    bit(status.bufferFull),
    '0',
    '0',
    '000',
    bit(status.corruptRam),
    bit(status.underTemperature),
    bit(status.overTemperature)
  ].join(',')
  const second = [
    '001',
    '0',
    bit(status.headOpen),
    bit(status.ribbonOut),
    bit(status.thermalTransfer),
    '2',
    '6',
    '0',
    String(status.labelsRemaining ?? 0).padStart(8, '0'),
    '1',
    '000'
  ].join(',')
  return `${STX}${first}${ETX}\r\n${STX}${second}${ETX}\r\n${STX}1234,0${ETX}\r\n`
}
