/**
 * Where a pack is picked from. The catalogue holds no shelf positions, so the counter says where
 * the law and the usual dispensary layout put it: Schedule 2 and 3 controlled drugs in the CD
 * cabinet (safe custody), everything else on the dispensary shelves in alphabetical order of the
 * generic (VMP) name. A pharmacy with its own layout would record a location per pack instead.
 */
import type { ProductRecord } from './catalogue'
import { formatQuantity } from '../../shared/stock/units'

export function pickLocation(product: Pick<ProductRecord, 'cdSchedule' | 'vmpName' | 'name'> | null): string {
  if (!product) return 'not known'
  if (product.cdSchedule === 2 || product.cdSchedule === 3) return 'CD cabinet'
  const letter = (product.vmpName || product.name).trim().charAt(0).toUpperCase()
  return /[A-Z]/.test(letter) ? `Dispensary shelf ${letter}` : 'Dispensary shelves'
}

/**
 * How a reserved quantity comes off the shelf: "2 packs of 28", "20 of 28 from an opened pack",
 * "1 pack of 28 and 14 of 28 from an opened pack".
 */
export function packWords(quantity: number, packSize: number, unit: string): string {
  if (!(packSize > 0)) return formatQuantity(quantity, unit)
  const whole = Math.floor(quantity / packSize + 1e-9)
  const rest = Number((quantity - whole * packSize).toFixed(3))
  const size = Number(packSize.toFixed(3))
  const packs = whole > 0 ? `${whole} pack${whole === 1 ? '' : 's'} of ${size}` : ''
  const opened = rest > 0 ? `${rest} of ${size} from an opened pack` : ''
  return [packs, opened].filter(Boolean).join(' and ')
}
