/**
 * Shows exactly what a scanner sent: control characters become Unicode control pictures
 * (GS → ␝, CR → ␍), other invisible characters become ⟨U+XXXX⟩, and leading or trailing spaces ␠.
 */
export function makeVisible(text: string): string {
  let out = ''
  const chars = [...text]
  chars.forEach((ch, index) => {
    const code = ch.codePointAt(0) ?? 0
    if (code < 0x20) out += String.fromCodePoint(0x2400 + code)
    else if (code === 0x7f) out += '\u2421'
    else if (code === 0x20 && (index === 0 || index === chars.length - 1)) out += '\u2420'
    else if (isInvisible(ch, code)) out += `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`
    else out += ch
  })
  return out
}

const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}\u00a0\u2000-\u200a\u202f\u205f\u3000]/u

function isInvisible(ch: string, code: number): boolean {
  return (code >= 0x80 && code <= 0x9f) || INVISIBLE.test(ch)
}
