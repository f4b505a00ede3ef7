/**
 * What a Phensys token may hold. It goes in a header (`Authorization: Bearer <token>`), and a header
 * cannot carry a control character (a tab, a line break) or one outside Latin-1 (node refuses to
 * send it), and its value loses a space at either end on the way (the token Phensys reads is then
 * not the one saved). Checked when the token is set and again before any call is sent with it.
 */

const NAMES: Record<number, string> = {
  0x09: 'tab',
  0x0a: 'line break',
  0x0d: 'carriage return',
  0x7f: 'delete'
}

function codeOf(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
}

/**
 * Why the token cannot be sent as it is, in words naming the character ("a control character (tab,
 * U+0009)"); null when it can.
 */
export function tokenProblem(token: string): string | null {
  if (token.startsWith(' ') || token.endsWith(' ')) return 'a space at its start or end'
  for (const ch of token) {
    const code = ch.codePointAt(0) ?? 0
    if (code < 0x20 || (code >= 0x7f && code < 0xa0))
      return `a control character (${NAMES[code] ? `${NAMES[code]}, ` : ''}${codeOf(code)})`
    if (code > 0xff) return `a character outside Latin-1 (“${ch}”, ${codeOf(code)})`
  }
  return null
}
