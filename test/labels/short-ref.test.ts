/** The pure-JS SHA-256 behind a long request id's short form (src/shared/scan/short-ref.ts) agrees with Node's. */
import { createHash } from 'node:crypto'
import { expect, it } from 'vitest'
import { sha256 } from '../../src/shared/scan/short-ref'

it('hashes as Node does, across the padding boundary and for multi-byte text', () => {
  for (const text of ['', 'abc', 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(64), 'Ł'.repeat(64), 'fr/ %:?#'.repeat(8)])
    expect(Buffer.from(sha256(new TextEncoder().encode(text))).toString('hex')).toBe(
      createHash('sha256').update(text, 'utf8').digest('hex')
    )
})
