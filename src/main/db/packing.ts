import { deflateRawSync, inflateRawSync } from 'node:zlib'

/**
 * Text kept deflated against a dictionary of what such text usually says (its JSON keys, the words
 * every one of them repeats): a short record deflated alone barely shrinks, since it has nothing to
 * refer back to; with the dictionary it refers back into that. A dictionary must never change once
 * records were packed with it: a new one gets a new name, and the old one stays to read them.
 */
export function packText(text: string, dictionary: Buffer): Buffer {
  return deflateRawSync(text, { dictionary, level: 9 })
}

export function unpackText(packed: Buffer, dictionary: Buffer): string {
  return inflateRawSync(packed, { dictionary }).toString('utf8')
}
