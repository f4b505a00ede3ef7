import { z } from 'zod'
import { LabelError } from './errors'

const margin = z.number().min(0).max(20)

/** A label stock as configured in settings. */
export const labelStockSchema = z.object({
  id: z.string().min(1).max(40),
  widthMm: z.number().min(20).max(220),
  heightMm: z.number().min(15).max(300),
  dpi: z.number().int().min(150).max(600),
  marginsMm: z.object({ top: margin, right: margin, bottom: margin, left: margin })
})

export type LabelStock = z.infer<typeof labelStockSchema>

export const DEFAULT_STOCK: LabelStock = {
  id: '70x35-203',
  widthMm: 70,
  heightMm: 35,
  dpi: 203,
  marginsMm: { top: 1.5, right: 1.5, bottom: 1.5, left: 1.5 }
}

export function mmToDots(mm: number, dpi: number): number {
  return Math.round((mm * dpi) / 25.4)
}

/** A stock resolved to printer dots. */
export interface StockGeometry {
  stock: LabelStock
  widthDots: number
  heightDots: number
  /** The printable box inside the margins. */
  content: { x: number; y: number; width: number; height: number }
}

export function stockGeometry(input: LabelStock): StockGeometry {
  const parsed = labelStockSchema.safeParse(input)
  if (!parsed.success) {
    throw new LabelError(
      'invalid-stock',
      `label stock is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`
    )
  }
  const stock = parsed.data
  const widthDots = mmToDots(stock.widthMm, stock.dpi)
  const heightDots = mmToDots(stock.heightMm, stock.dpi)
  const x = mmToDots(stock.marginsMm.left, stock.dpi)
  const y = mmToDots(stock.marginsMm.top, stock.dpi)
  const width = widthDots - x - mmToDots(stock.marginsMm.right, stock.dpi)
  const height = heightDots - y - mmToDots(stock.marginsMm.bottom, stock.dpi)
  if (width < 40 || height < 40)
    throw new LabelError('invalid-stock', `label stock ${stock.id}: the margins leave no room`)
  return { stock, widthDots, heightDots, content: { x, y, width, height } }
}
