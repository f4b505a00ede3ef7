import { describe, expect, it } from 'vitest'
import { momentOnDay, outcomeOfStatus, readCarrierCsv, readCarrierDate } from '../../src/main/dispatch/carrier-csv'

function rowsOf(text: string) {
  const reading = readCarrierCsv(text)
  if (!reading.ok) throw new Error(reading.message)
  return reading.rows
}

describe('reading a carrier CSV', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and numbers rows by the line they start on', () => {
    const rows = rowsOf(
      'Tracking number,Status,Date,Note\r\n"AB 1234 5678 5GB","Delivered, left with neighbour","27/11/2026 14:05","said ""thanks""\r\nsigned"\r\nab123456785gb,Delivered,27/11/2026 15:00,\r\n'
    )
    expect(rows).toEqual([
      {
        line: 2,
        trackingNumber: 'AB123456785GB',
        status: 'Delivered, left with neighbour',
        at: '2026-11-27T14:05:00.000Z',
        dayOnly: null,
        rawDate: '27/11/2026 14:05',
        problem: null
      },
      {
        line: 4,
        trackingNumber: 'AB123456785GB',
        status: 'Delivered',
        at: '2026-11-27T15:00:00.000Z',
        dayOnly: null,
        rawDate: '27/11/2026 15:00',
        problem: null
      }
    ])
  })

  it('drops a byte-order mark, and reads CRLF, LF and lone CR alike', () => {
    const body = [
      'Tracking number,Status,Date',
      'AA000000001GB,Delivered,2026-11-27 10:00',
      'AA000000002GB,In transit,2026-11-27 11:00'
    ]
    for (const newline of ['\r\n', '\n', '\r']) {
      const rows = rowsOf(`\uFEFF${body.join(newline)}${newline}`)
      expect(rows.map((r) => [r.line, r.trackingNumber, r.status])).toEqual([
        [2, 'AA000000001GB', 'Delivered'],
        [3, 'AA000000002GB', 'In transit']
      ])
    }
  })

  it('keeps the file’s own line numbers across blank lines, so the report points at the right line', () => {
    const rows = rowsOf(
      'Tracking number,Status,Date\n\nAA000000001GB,Delivered,2026-11-27 10:00\n   \nAA000000002GB,Delivered,2026-11-27 10:00\n\n'
    )
    expect(rows.map((r) => r.line)).toEqual([3, 5])
  })

  it('reports a line it cannot read (an unclosed quote) and still reads the lines after it', () => {
    const rows = rowsOf(
      'Tracking number,Status,Date\n"AA000000001GB,Delivered,2026-11-27 10:00\nAA000000002GB,Delivered,2026-11-27 10:00\n'
    )
    expect(rows).toHaveLength(2)
    expect(rows[0]).toMatchObject({ line: 2, trackingNumber: null, problem: expect.stringContaining('never closed') })
    expect(rows[1]).toMatchObject({ line: 3, trackingNumber: 'AA000000002GB', problem: null })
  })

  it('matches the columns however a carrier names, spells, cases or orders them', () => {
    const headers = [
      'Tracking Number,Status,Date',
      'Date,Status,Tracking number',
      ' BARCODE , Last Event , Event Date ',
      'tracking_number,outcome,timestamp',
      'Item ID,Tracking status,Date time',
      'Tracking No.,Status,Date/Time',
      'Consignment number,Event,Status date'
    ]
    for (const header of headers) {
      const cells = header.split(',').map((h) => h.trim().toLowerCase())
      const value = (h: string) =>
        /date|time/.test(h) ? '2026-11-27 10:00' : /status|event|outcome/.test(h) ? 'Delivered' : 'AA000000001GB'
      const rows = rowsOf(`${header}\n${cells.map(value).join(',')}\n`)
      expect(rows, header).toEqual([
        expect.objectContaining({
          trackingNumber: 'AA000000001GB',
          status: 'Delivered',
          at: '2026-11-27T10:00:00.000Z'
        })
      ])
    }
  })

  it('refuses a file without the columns it needs, saying what it saw and what it expected', () => {
    expect(readCarrierCsv('Reference,Status\nX,Delivered\n')).toEqual({
      ok: false,
      message:
        'The header (Reference, Status) has no column for a tracking number, a date; expected e.g. "Tracking number, Status, Date".'
    })
    expect(readCarrierCsv('\uFEFF\r\n\r\n')).toEqual({ ok: false, message: 'The file is empty.' })
    expect(readCarrierCsv('"Tracking number,Status,Date\nAA000000001GB,Delivered,2026-11-27 10:00\n')).toEqual({
      ok: false,
      message:
        'The header (line 1) could not be read: a quoted field is never closed; this record was skipped and reading resumed on the next line.'
    })
  })
})

describe('carrier dates', () => {
  it('reads UK dates as London time: GMT in winter, BST in summer', () => {
    expect(readCarrierDate('27/11/2026 14:05')).toBe('2026-11-27T14:05:00.000Z')
    expect(readCarrierDate('1/7/2026 14:05:30')).toBe('2026-07-01T13:05:30.000Z')
    expect(readCarrierDate('01/07/2026')).toBe('2026-07-01T11:00:00.000Z')
    // The autumn repeated hour reads as the first (BST) one.
    expect(readCarrierDate('25/10/2026 01:30')).toBe('2026-10-25T00:30:00.000Z')
  })

  it('reads ISO dates with an offset as written, and without one as London time', () => {
    expect(readCarrierDate('2026-07-01T14:05:00Z')).toBe('2026-07-01T14:05:00.000Z')
    expect(readCarrierDate('2026-07-01T14:05:00+01:00')).toBe('2026-07-01T13:05:00.000Z')
    expect(readCarrierDate('2026-07-01 14:05')).toBe('2026-07-01T13:05:00.000Z')
    expect(readCarrierDate('2026-07-01T14:05')).toBe('2026-07-01T13:05:00.000Z')
  })

  it('reads nothing it would have to guess', () => {
    for (const text of [
      '31/02/2026 10:00',
      '27/11/2026 24:00',
      '27/11/2026 10:60',
      '11/27/2026',
      'yesterday',
      '',
      '2026-11-27T25:00Z'
    ])
      expect(readCarrierDate(text), text).toBeNull()
  })
})

describe('carrier statuses', () => {
  it('records delivered and returned, and nothing else', () => {
    expect(outcomeOfStatus('Delivered')).toBe('delivered')
    expect(outcomeOfStatus('DELIVERED - left in safe place')).toBe('delivered')
    expect(outcomeOfStatus('Returned to sender')).toBe('returned')
    expect(outcomeOfStatus('RTS')).toBe('returned')
    expect(outcomeOfStatus('Item delivered')).toBe('delivered')
    expect(outcomeOfStatus('Item returned to sender')).toBe('returned')
    for (const status of [
      'In transit',
      'Out for delivery',
      'Attempted delivery',
      'Not delivered',
      'Delivery failed',
      'Depot reports a delay',
      'Item starts its journey',
      '',
      'Not yet delivered',
      'Delivery delayed',
      'Delivery scheduled',
      'Redelivery arranged',
      'Returned to depot',
      'Undelivered',
      'Awaiting return to sender'
    ]) {
      expect(outcomeOfStatus(status), status).toBeNull()
    }
  })
})

describe('a line that gives only the day', () => {
  const dispatchedAt = '2026-11-27T15:00:00.000Z'
  it('is marked as such, and read as the end of that day, or now when the day is today, never before the dispatch', () => {
    expect(
      rowsOf(
        'Tracking number,Status,Date\r\nAB123456785GB,Delivered,27/11/2026\r\nAB123456785GB,Delivered,27/11/2026 09:00\r\n'
      ).map((r) => r.dayOnly)
    ).toEqual(['2026-11-27', null])
    // Delivered "today", imported at 16:30 the same day: 16:30, not a midday before the 15:00 dispatch.
    expect(momentOnDay('2026-11-27', dispatchedAt, new Date('2026-11-27T16:30:00Z'))).toBe('2026-11-27T16:30:00.000Z')
    // Delivered on the 28th, imported days later: the end of the 28th, London time (GMT in November).
    expect(momentOnDay('2026-11-28', dispatchedAt, new Date('2026-12-02T09:00:00Z'))).toBe('2026-11-28T23:59:59.999Z')
    // A day before the dispatch's cannot be right.
    expect(momentOnDay('2026-11-26', dispatchedAt, new Date('2026-12-02T09:00:00Z'))).toBeNull()
  })
})
