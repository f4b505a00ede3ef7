import type Database from 'better-sqlite3'
import { AUDIT_NAMES, AUDIT_WORDS } from './audit-words'

/**
 * How an audit entry keeps its time and its summary small, read back exactly as they were written:
 * what an entry's hash covers is that text (audit/chain.ts), so a stored entry must give back the
 * very same characters.
 *
 * Summaries are packed by one byte per listed word (audit-words.ts), not deflated like settled
 * events and printed labels: a deflate stream costs 11–25 µs to set up, which doubled the time of
 * the feed's page of 500 entries; looking words up costs a few µs. Bytes 0x20–0x7F stand for
 * themselves; 0x01–0x1F and 0x80–0xFF are the words; 0x00 is followed by one character's UTF-8.
 */
const LITERAL_FIRST = 0x20
const LITERAL_END = 0x80
const ESCAPE = 0x00

function wordByte(index: number): number {
  return index < 31 ? index + 1 : 0x80 + index - 31
}

interface WordNode {
  next: Map<number, WordNode>
  word: number
}

const WORD_BYTES = AUDIT_WORDS.map((_, index) => wordByte(index))
const WORD_OF_BYTE = new Map(WORD_BYTES.map((byte, index) => [byte, AUDIT_WORDS[index]!] as const))
const WORDS: WordNode = { next: new Map(), word: -1 }
AUDIT_WORDS.forEach((word, index) => {
  let node = WORDS
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i)
    let next = node.next.get(code)
    if (!next) node.next.set(code, (next = { next: new Map(), word: -1 }))
    node = next
  }
  node.word = index
})

/** Summaries are mostly plain ASCII: then every character is its byte, and one regular expression finds the words. */
const PLAIN_ASCII = /^[\x20-\x7f]*$/
const WORD_ALTERNATIVES = new RegExp(
  [...AUDIT_WORDS]
    // Longest first: at each place the regular expression takes the first alternative that matches.
    .sort((a, b) => b.length - a.length)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|'),
  'g'
)
const WORD_CHARACTER = new Map(AUDIT_WORDS.map((word, index) => [word, String.fromCharCode(wordByte(index))]))

function packPlainWords(text: string): Buffer {
  return Buffer.from(
    text.replace(WORD_ALTERNATIVES, (word) => WORD_CHARACTER.get(word)!),
    'latin1'
  )
}

/** Grown as needed and reused: packing allocates only the result. */
let scratch = Buffer.allocUnsafe(1024)

function packWords(text: string): Buffer {
  if (scratch.length < text.length * 4 + 4) scratch = Buffer.allocUnsafe(text.length * 4 + 4)
  let n = 0
  let i = 0
  while (i < text.length) {
    // The longest listed word starting here, if any.
    let node: WordNode | undefined = WORDS.next.get(text.charCodeAt(i))
    let word = -1
    let end = i
    for (let j = i + 1; node; j++) {
      if (node.word >= 0) {
        word = node.word
        end = j
      }
      node = j < text.length ? node.next.get(text.charCodeAt(j)) : undefined
    }
    if (word >= 0) {
      scratch[n++] = WORD_BYTES[word]!
      i = end
      continue
    }
    const code = text.charCodeAt(i)
    if (code >= LITERAL_FIRST && code < LITERAL_END) {
      scratch[n++] = code
      i++
      continue
    }
    const character = String.fromCodePoint(text.codePointAt(i)!)
    scratch[n++] = ESCAPE
    n += scratch.write(character, n, 'utf8')
    i += character.length
  }
  return Buffer.from(scratch.subarray(0, n))
}

function utf8Length(lead: number): number {
  if (lead < 0x80) return 1
  if (lead < 0xe0) return 2
  if (lead < 0xf0) return 3
  return 4
}

function unpackWords(packed: Buffer): string {
  const parts: string[] = []
  let i = 0
  while (i < packed.length) {
    const byte = packed[i]!
    if (byte === ESCAPE) {
      const length = utf8Length(packed[i + 1]!)
      parts.push(packed.toString('utf8', i + 1, i + 1 + length))
      i += 1 + length
    } else {
      parts.push(byte >= LITERAL_FIRST && byte < LITERAL_END ? String.fromCharCode(byte) : WORD_OF_BYTE.get(byte)!)
      i++
    }
  }
  return parts.join('')
}

/**
 * A summary as it is kept: packed, or as its text when packing would not give it back exactly
 * (text that is not well-formed Unicode) or would not make it shorter.
 */
export function storedSummary(summary: string): Buffer | string {
  const packed = PLAIN_ASCII.test(summary) ? packPlainWords(summary) : packWords(summary)
  return packed.length < Buffer.byteLength(summary) && unpackWords(packed) === summary ? packed : summary
}

export function readSummary(stored: Buffer | string): string {
  return typeof stored === 'string' ? stored : unpackWords(stored)
}

/**
 * An entry's time as it is kept: its milliseconds since 1970 (six bytes, not 24 characters) when
 * those give back the same text; any other text as it was written. A bigint, so that SQLite keeps
 * an integer (a JavaScript number is bound as a real, eight bytes).
 */
export function storedTime(at: string): bigint | string {
  // A page of the feed's entries, or a command's, share their time: it is checked once.
  if (at !== lastTime.at) {
    const ms = Date.parse(at)
    lastTime = { at, stored: Number.isInteger(ms) && new Date(ms).toISOString() === at ? BigInt(ms) : at }
  }
  return lastTime.stored
}
let lastTime: { at: string; stored: bigint | string } = { at: '', stored: '' }

export function readTime(stored: number | bigint | string): string {
  return typeof stored === 'string' ? stored : new Date(Number(stored)).toISOString()
}

const STAFF_ID = /^u_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * Who acted, as kept: a member of staff's id (`u_` and a UUID, 38 characters) as the UUID's 16
 * bytes; any other id as it was written.
 */
export function storedActor(actorId: string | null): Buffer | string | null {
  if (actorId === null || !STAFF_ID.test(actorId)) return actorId
  return Buffer.from(actorId.slice(2).replaceAll('-', ''), 'hex')
}

export function readActor(stored: Buffer | string): string {
  if (typeof stored === 'string') return stored
  const hex = stored.toString('hex')
  return `u_${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

const NAME_BYTE = new Map(AUDIT_NAMES.map((name, index) => [name, Buffer.of(index)] as const))

/** A command or a kind of entity as kept: one byte when it is a listed name (audit-words.ts), else its text. */
export function storedName(name: string): Buffer | string {
  return NAME_BYTE.get(name) ?? name
}

export function readName(stored: Buffer | string): string {
  return typeof stored === 'string' ? stored : AUDIT_NAMES[stored[0]!]!
}

/**
 * The migration that rebuilt the trail this way packs every entry written before with these
 * (drizzle/, `*_audit_packed.sql`); registered on the app's connection before migrations run.
 */
export function registerAuditPackingFunctions(sqlite: Database.Database): void {
  sqlite.function('counter_audit_time', { deterministic: true, safeIntegers: true }, (at: unknown) =>
    typeof at === 'string' ? storedTime(at) : (at as bigint)
  )
  sqlite.function('counter_audit_actor', { deterministic: true }, (actorId: unknown) =>
    typeof actorId === 'string' ? storedActor(actorId) : (actorId as Buffer | null)
  )
  sqlite.function('counter_audit_name', { deterministic: true }, (name: unknown) =>
    typeof name === 'string' ? storedName(name) : (name as Buffer)
  )
  sqlite.function('counter_audit_summary', { deterministic: true }, (summary: unknown) =>
    typeof summary === 'string' ? storedSummary(summary) : (summary as Buffer)
  )
}
