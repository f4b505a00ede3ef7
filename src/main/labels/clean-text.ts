/**
 * What may reach a label. A label never prints a control character: NUL, the other C0 and C1
 * controls, DEL, and the invisible formatting characters that change how text around them reads
 * (bidi embeddings, overrides and isolates, zero-width characters, the byte-order mark), nor any
 * other character Unicode says to draw as nothing or that carries nothing a reader can use: every
 * format character (tag characters, which spell text no reader sees, among them), every default
 * ignorable one (variation selectors, the combining grapheme joiner, Hangul fillers), private-use
 * characters, noncharacters and the object replacement mark. They are
 * removed, not replaced: a replacement mark ("�") on a parcel tells nobody anything. Line and
 * paragraph separators and tabs become spaces; a lone UTF-16 surrogate (half of a character, which
 * UTF-8 cannot carry) becomes U+FFFD, so the damage stays visible.
 *
 * `withoutControlCharacters` is the one place this is decided: the label builders call it on
 * everything they are given, and anything that wants a person to confirm the cleaned text first
 * shows what it answers.
 */

const INVISIBLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\p{Cf}\p{Default_Ignorable_Code_Point}\p{Co}\p{Noncharacter_Code_Point}\ufffc]/gu
const SPACING = /[\t\v\f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/g
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/**
 * The text with control and invisible formatting characters removed, odd spaces made plain spaces
 * and lone surrogates made U+FFFD. Line breaks ("\n", "\r\n", "\r") stay as "\n".
 */
export function withoutControlCharacters(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd').replace(/\r\n?/g, '\n').replace(SPACING, ' ').replace(INVISIBLE, '')
}

/**
 * Text as a label prints it: without control characters, composed (NFC, so "e" + accent prints as
 * one letter), runs of spaces as one, blank lines dropped. Paragraphs stay separated by "\n".
 */
export function labelText(text: string): string {
  return withoutControlCharacters(text)
    .normalize('NFC')
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n')
}

/** Text for a one-line field (a name, an address line): paragraphs joined with ", ". */
export function oneLineLabelText(text: string): string {
  return labelText(text).split('\n').join(', ')
}

/** Any character `withoutControlCharacters` would change. Not global: `exec` keeps no state between texts. */
const CONTROL = new RegExp(`${INVISIBLE.source}|${SPACING.source}|\\r`, 'u')
const ONE_LONE_SURROGATE = new RegExp(LONE_SURROGATE.source)

/**
 * The first control or invisible character left in text, for an error that names it; null when
 * none. Asked of every printed field of every snapshot the feed brings: the expression is built once.
 */
export function firstControlCharacter(text: string): string | null {
  // Lone surrogates are matched apart: a Unicode-aware expression reads a pair as one character.
  const matches = [CONTROL.exec(text), ONE_LONE_SURROGATE.exec(text)].filter((match) => match !== null)
  const first = matches.sort((a, b) => a.index - b.index)[0]
  return first ? first[0] : null
}
