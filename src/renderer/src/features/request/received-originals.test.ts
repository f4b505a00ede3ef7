import { describe, expect, it } from 'vitest'
import { receivedOriginalLine } from './received-originals'

describe('an original received, on the request screen', () => {
  it('says when (London time), by whom, the form and its serial', () => {
    const receipt = {
      id: 1,
      receivedAt: '2026-07-01T08:05:00.000Z',
      receivedBy: 'Sam Patel',
      formType: 'FP10PCD',
      serial: 'AB1234567',
      matches: true,
      mismatches: [],
      prescriberCdNumber: null,
      cdNumberNotRecorded: false
    }
    expect(receivedOriginalLine(receipt)).toBe('Original received 01/07/2026 09:05 by Sam Patel: FP10PCD AB1234567')
    expect(receivedOriginalLine({ ...receipt, formType: 'private_paper', serial: '' })).toBe(
      'Original received 01/07/2026 09:05 by Sam Patel: Private prescription (paper)'
    )
  })

  it("names the prescriber's CD number read from a Schedule 2/3 original, or says in words it was not recorded", () => {
    const receipt = {
      id: 2,
      receivedAt: '2026-07-01T08:05:00.000Z',
      receivedBy: 'Sam Patel',
      formType: 'FP10PCD',
      serial: 'AB1234567',
      matches: true,
      mismatches: [],
      prescriberCdNumber: '612345',
      cdNumberNotRecorded: false
    }
    expect(receivedOriginalLine(receipt)).toBe(
      "Original received 01/07/2026 09:05 by Sam Patel: FP10PCD AB1234567, prescriber's CD number 612345"
    )
    expect(receivedOriginalLine({ ...receipt, prescriberCdNumber: null, cdNumberNotRecorded: true })).toBe(
      "Original received 01/07/2026 09:05 by Sam Patel: FP10PCD AB1234567. Prescriber's CD number not recorded"
    )
  })
})
