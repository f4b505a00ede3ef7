import { staffBadgePayload } from '../../shared/scan/own-labels'
import { encodeDataMatrix, escapeXml } from '../labels'
import type { UserRow } from './users-repo'

/**
 * A staff badge to print and carry: the person's name and a DataMatrix of `PC-STAFF:<user id>`.
 * Scanned at sign-in in place of typing the username; it names the person only, the PIN is still
 * asked, so a lost badge opens nothing. 54 × 86 mm, a card's size.
 */
export function staffBadge(user: UserRow): { code: string; svg: string } {
  const code = staffBadgePayload(user.id)
  const matrix = encodeDataMatrix(code)
  const module = 1.2
  const side = matrix.length * module
  const left = (54 - side) / 2
  const path = matrix
    .flatMap((row, r) =>
      row.map((dark, c) =>
        dark ? `M${(left + c * module).toFixed(2)} ${(30 + r * module).toFixed(2)}h${module}v${module}h-${module}z` : ''
      )
    )
    .join('')
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="54mm" height="86mm" viewBox="0 0 54 86" role="img" aria-label="Staff badge of ${escapeXml(user.displayName)}">` +
    `<rect width="54" height="86" fill="#fff"/>` +
    `<text x="27" y="14" font-family="sans-serif" font-size="4.2" text-anchor="middle">${escapeXml(user.displayName)}</text>` +
    `<text x="27" y="21" font-family="sans-serif" font-size="3" text-anchor="middle">Pharmetra Counter · sign-in badge</text>` +
    `<path d="${path}" fill="#000"/>` +
    `<text x="27" y="${(30 + side + 7).toFixed(2)}" font-family="monospace" font-size="2.2" text-anchor="middle">${escapeXml(code)}</text>` +
    `</svg>`
  return { code, svg }
}
