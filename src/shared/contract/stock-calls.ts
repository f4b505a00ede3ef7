/**
 * The stock calls: levels, batches and movements, wholesaler orders, goods-in, stock-take,
 * supply issues, and the stock check of a request. Dispensers and pharmacists work stock;
 * adjustments, write-offs and stock-takes need a pharmacist; wholesaler settings an administrator.
 */
import { z } from 'zod'
import { opaqueId } from '../phensys/opaque-id'
import { basedOnRevision } from '../workflow/revision'
import type { Role } from '../roles'
import { wholesalerSchema } from '../stock/wholesaler'
import { calendarDate } from './dates'
import { TRANSITIONS } from '../workflow/transitions'
import { call } from './define'
import type { RequestDetail } from './views'
import type {
  DeliveryView,
  IdentifyView,
  OrderView,
  PackDetailView,
  ReceiptLineView,
  RequestStockView,
  ScanReceiptView,
  ShortExpiryRow,
  StockLevelRow,
  StockLevelsView,
  StockTakeView,
  SupplyIssueView,
  WholesalerView,
  BatchView,
  BatchRecallOutcome
} from './stock-views'

const STOCK_VIEWERS: readonly Role[] = ['pharmacist', 'dispenser', 'accuracy_checker']
const STOCK_WORKERS: readonly Role[] = ['pharmacist', 'dispenser']
const PHARMACIST: readonly Role[] = ['pharmacist']
const ADMINISTRATOR: readonly Role[] = ['administrator']

const requestId = opaqueId
const dmdId = z.string().regex(/^\d{6,20}$/, 'a dm+d code is 6 to 20 digits')
const rowId = z.number().int().positive()
const date = calendarDate
const reason = z.string().trim().min(3).max(500)
/** Units of the pack (tablets, ml…), to a thousandth. */
const units = z
  .number()
  .min(-1_000_000)
  .max(1_000_000)
  .refine((v) => Math.abs(v * 1000 - Math.round(v * 1000)) < 1e-6, 'at most three decimal places')
const scanText = z.string().min(1).max(4096)

export const stockCalls = {
  /** The stock check of a request: reserve what is in stock, order shortfalls, report supply issues. */
  'requests.checkStock': call<RequestDetail>()({
    input: z.object({ id: requestId, basedOnRevision }),
    access: TRANSITIONS.checkStock.roles,
    mutates: true
  }),
  'stock.request': call<RequestStockView>()({
    input: z.object({ id: requestId }),
    access: STOCK_VIEWERS,
    mutates: false
  }),

  'stock.levels': call<StockLevelsView>()({
    input: z.object({
      search: z.string().trim().max(100).default(''),
      filter: z.enum(['all', 'in_stock', 'low']).default('all'),
      limit: z.number().int().min(1).max(500).default(100),
      offset: z.number().int().min(0).default(0)
    }),
    access: STOCK_VIEWERS,
    mutates: false
  }),
  'stock.pack': call<PackDetailView>()({ input: z.object({ amppId: dmdId }), access: STOCK_VIEWERS, mutates: false }),
  'stock.lowStock': call<StockLevelRow[]>()({ input: z.object({}), access: STOCK_VIEWERS, mutates: false }),
  'stock.shortExpiry': call<ShortExpiryRow[]>()({
    input: z.object({ days: z.number().int().min(1).max(730).default(90) }),
    access: STOCK_VIEWERS,
    mutates: false
  }),
  /** A scanned code → pack → AMP → VMP, compared with a prescribed product when one is given. */
  'stock.identify': call<IdentifyView>()({
    input: z.object({ code: scanText, prescribedDmdId: dmdId.optional() }),
    access: STOCK_VIEWERS,
    mutates: false
  }),

  'stock.orders': call<OrderView[]>()({
    input: z.object({ openOnly: z.boolean().default(true) }),
    access: STOCK_VIEWERS,
    mutates: false
  }),
  'stock.placeOrder': call<OrderView>()({
    input: z.object({
      lines: z
        .array(z.object({ amppId: dmdId, packs: z.number().int().min(1).max(999) }))
        .min(1)
        .max(100),
      wholesalerId: z.string().min(1).max(40).optional()
    }),
    access: STOCK_WORKERS,
    mutates: true
  }),
  'stock.cancelOrderLine': call<OrderView>()({
    input: z.object({ id: rowId, reason }),
    access: STOCK_WORKERS,
    mutates: true
  }),

  /** One pack scanned at goods-in; without a delivery id it starts a new delivery. */
  'stock.receiveScan': call<ScanReceiptView>()({
    input: z.object({ raw: scanText, deliveryId: rowId.nullable().default(null) }),
    access: STOCK_WORKERS,
    mutates: true
  }),
  'stock.delivery': call<DeliveryView>()({ input: z.object({ id: rowId }), access: STOCK_VIEWERS, mutates: false }),
  'stock.receiptLine': call<ReceiptLineView>()({
    input: z.object({ id: rowId }),
    access: STOCK_VIEWERS,
    mutates: false
  }),

  'stock.adjust': call<BatchView>()({
    input: z.object({ batchId: rowId, delta: units.refine((v) => v !== 0, 'must not be 0'), reason }),
    access: PHARMACIST,
    mutates: true
  }),
  'stock.writeOff': call<BatchView>()({
    input: z
      .object({
        batchId: rowId,
        quantity: units.refine((v) => v > 0, 'must be more than 0'),
        /**
         * `destruction`: destroyed (denatured) at the pharmacy; Schedule 2 stock needs its authorised
         * witness. `supplier_return`: handed back to the supplier.
         */
        kind: z.enum(['waste', 'quarantine', 'destruction', 'supplier_return']),
        /** Where the stock is taken from: the shelf, or (destroyed or returned only) the quarantine. */
        from: z.enum(['shelf', 'quarantine']).default('shelf'),
        reason,
        witness: z.string().trim().min(2).max(120).optional()
      })
      .refine((input) => input.from === 'shelf' || input.kind === 'destruction' || input.kind === 'supplier_return', {
        message: 'stock in quarantine is only destroyed or returned to the supplier',
        path: ['kind']
      }),
    access: PHARMACIST,
    mutates: true
  }),
  /** A count of one pack's shelf: every batch found; batches on record but not listed count as none. */
  'stock.stockTake': call<StockTakeView>()({
    input: z.object({
      amppId: dmdId,
      counts: z
        .array(
          z
            .object({
              batchId: rowId.optional(),
              batchNo: z.string().trim().min(1).max(20).optional(),
              expiry: date.optional(),
              counted: units.refine((v) => v >= 0, 'cannot be negative')
            })
            .refine(
              (c) => c.batchId !== undefined || (c.batchNo !== undefined && c.expiry !== undefined),
              'a batch id, or a batch number with its expiry'
            )
        )
        .max(200),
      note: z.string().trim().max(500).optional()
    }),
    access: PHARMACIST,
    mutates: true
  }),

  'stock.supplyIssues': call<SupplyIssueView[]>()({
    input: z.object({ activeOnly: z.boolean().default(true) }),
    access: STOCK_VIEWERS,
    mutates: false
  }),
  'stock.raiseSupplyIssue': call<SupplyIssueView>()({
    input: z.object({
      dmdId,
      source: z.enum(['msn', 'ssp', 'manufacturer', 'wholesaler', 'other']),
      reference: z.string().trim().min(1).max(120).nullable().default(null),
      reason: z.string().trim().min(3).max(2000),
      expectedReturn: date.nullable()
    }),
    access: STOCK_WORKERS,
    mutates: true
  }),
  'stock.resolveSupplyIssue': call<SupplyIssueView>()({
    input: z.object({ id: rowId, note: z.string().trim().max(500).optional() }),
    access: STOCK_WORKERS,
    mutates: true
  }),

  'stock.wholesalers': call<WholesalerView[]>()({ input: z.object({}), access: STOCK_VIEWERS, mutates: false }),
  'stock.saveWholesaler': call<WholesalerView>()({
    input: z.object({ wholesaler: wholesalerSchema, active: z.boolean().default(true) }),
    access: ADMINISTRATOR,
    mutates: true
  }),

  /**
   * A batch recalled by a drug alert: recorded once (a second call says so and changes nothing);
   * free stock of it to quarantine, packs of it in bags not yet handed over out to quarantine, its
   * reservations released, and each request that held it flagged for a pharmacist.
   */
  'stock.recallBatch': call<BatchRecallOutcome>()({
    input: z
      .object({
        amppId: dmdId.optional(),
        gtin: z
          .string()
          .regex(/^\d{8,14}$/, 'a GTIN of 8 to 14 digits')
          .optional(),
        batchNo: z.string().trim().min(1).max(40),
        /** The alert as issued, e.g. "MHRA drug alert EL(26)A/12". */
        reference: z.string().trim().min(3).max(200),
        alertClass: z.number().int().min(1).max(4),
        note: z.string().trim().max(1000).optional()
      })
      .refine((input) => (input.amppId === undefined) !== (input.gtin === undefined), {
        message: 'name the pack by its AMPP code or its GTIN (one of them)'
      }),
    access: PHARMACIST,
    mutates: true
  }),

  /** Gives back what a closed or held request has reserved (e.g. after a local rejection). */
  'stock.releaseRequest': call<RequestStockView>()({
    input: z.object({ id: requestId, reason }),
    access: PHARMACIST,
    mutates: true
  })
} as const
