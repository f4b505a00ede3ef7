import { encodeDataMatrix } from './datamatrix'

/** A DataMatrix on its own (pairing and test sheets), as SVG with a quiet zone of two modules. */
export function dataMatrixSvg(payload: string, options: { gs1?: boolean; moduleSize?: number } = {}): string {
  const matrix = encodeDataMatrix(payload, { gs1: options.gs1 ?? false })
  const m = options.moduleSize ?? 8
  const size = (matrix.length + 4) * m
  const path = matrix
    .flatMap((row, r) => row.map((dark, c) => (dark ? `M${(c + 2) * m} ${(r + 2) * m}h${m}v${m}h-${m}z` : '')))
    .join('')
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" role="img" aria-label="Scanner pairing code"><rect width="${size}" height="${size}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`
}
