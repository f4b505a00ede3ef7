/** Builds GS1 element strings (for tests, sample data and our own pack fixtures). */
import { aiSpec, isFixedLength, unknownVariableSpec } from './ai-table'
import { readField } from './field'
import { Gs1Error } from './errors'
import { GS } from './parse'

export interface Gs1Field {
  ai: string
  data: string
}

export interface Gs1EncodeOptions {
  /** What to put where FNC1 goes: GS (default), a substitute string, or nothing. */
  separator?: 'gs' | 'none' | { substitute: string }
  /** A symbology identifier to prefix, e.g. "]d2". */
  symbologyId?: ']d2' | ']C1' | ']e0' | ']Q3' | ']J1'
  referenceYear?: number
}

/**
 * Encodes fields in the given order. A separator follows every field whose AI is not in the
 * predefined-length table, except the last. Throws Gs1Error for data its AI does not allow.
 */
export function encodeGs1(fields: readonly Gs1Field[], options: Gs1EncodeOptions = {}): string {
  const separator = options.separator ?? 'gs'
  const sep = separator === 'gs' ? GS : separator === 'none' ? '' : separator.substitute
  const year = options.referenceYear ?? new Date().getFullYear()
  let out = options.symbologyId ?? ''
  fields.forEach((field, index) => {
    if (!/^\d{2,4}$/.test(field.ai))
      throw new Gs1Error('invalid-ai', field.ai, field.data, out.length, `"${field.ai}" is not an AI`)
    const spec = aiSpec(field.ai) ?? unknownVariableSpec(field.ai)
    const checked = readField(spec, field.data, out.length, year)
    if (checked instanceof Gs1Error) throw checked
    out += field.ai + field.data
    const last = index === fields.length - 1
    if (!last && !(spec.predefined && isFixedLength(spec))) out += sep
  })
  return out
}

export interface PackCode {
  gtin: string
  /** YYMMDD (DD may be 00). */
  expiry?: string
  batch?: string
  serial?: string
}

/** The usual medicine-pack fields in the usual order: (01) (17) (10) (21). */
export function packFields(pack: PackCode): Gs1Field[] {
  const fields: Gs1Field[] = [{ ai: '01', data: pack.gtin.padStart(14, '0') }]
  if (pack.expiry !== undefined) fields.push({ ai: '17', data: pack.expiry })
  if (pack.batch !== undefined) fields.push({ ai: '10', data: pack.batch })
  if (pack.serial !== undefined) fields.push({ ai: '21', data: pack.serial })
  return fields
}
