/**
 * How the counter recognises a patient across requests. Phensys's patient id first; where two ids
 * differ, the same name, date of birth and postcode make them possibly one person, for a person
 * to confirm (the key below, never a match by itself).
 */
export function patientMatchKey(given: string, family: string, dateOfBirth: string, postcode: string): string {
  const name = `${given} ${family}`.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
  return `${name.replace(/[^\p{L}\p{N}]+/gu, ' ').trim()}|${dateOfBirth}|${normalisePostcode(postcode)}`
}

/** A postcode as compared and searched: capitals, no spaces ("ls1 6bu" → "LS16BU"). */
export function normalisePostcode(postcode: string): string {
  return postcode.toUpperCase().replace(/\s+/g, '')
}
