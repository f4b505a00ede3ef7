/**
 * A wholesaler's ordering configuration: the schema the settings form edits and the ETA
 * calculation reads. Every figure is data a pharmacy sets with its account manager; none is a
 * rule of the trade.
 *
 * Times are local wall-clock times in the pharmacy's zone (Europe/London). A cut-off takes
 * orders placed before its time; its lead says when they arrive: `days: 0` is the same day
 * (or the next delivery day if that day has no delivery), `days: n` the n-th delivery day after
 * the cut-off's day.
 */
import { z } from 'zod'
import { WEEKDAYS, isIsoDate } from '../time/calendar'

export const DELIVERY_SLOTS = ['morning', 'afternoon', 'evening'] as const
export type DeliverySlot = (typeof DELIVERY_SLOTS)[number]

/** When each slot is over, local time; a same-day cut-off must come before its slot ends. */
export const SLOT_ENDS: Readonly<Record<DeliverySlot, string>> = {
  morning: '12:00',
  afternoon: '18:00',
  evening: '22:00'
}

const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a 24-hour time HH:MM')
const isoDateSchema = z.string().refine(isIsoDate, 'a calendar date YYYY-MM-DD')

export const deliveryLeadSchema = z.object({
  days: z.number().int().min(0).max(14),
  slot: z.enum(DELIVERY_SLOTS)
})

export const cutOffSchema = z.object({
  time: clockTimeSchema,
  /** Omitted: the wholesaler's `leadTime`. */
  lead: deliveryLeadSchema.optional(),
  label: z.string().trim().max(60).optional()
})

const dayCutOffsSchema = z.array(cutOffSchema).max(8).default([])

const weeklyCutOffsSchema = z.object({
  mon: dayCutOffsSchema,
  tue: dayCutOffsSchema,
  wed: dayCutOffsSchema,
  thu: dayCutOffsSchema,
  fri: dayCutOffsSchema,
  sat: dayCutOffsSchema,
  sun: dayCutOffsSchema
})

export const wholesalerSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and hyphens'),
    name: z.string().trim().min(1).max(80),
    accountNumber: z
      .string()
      .trim()
      .min(1)
      .max(32)
      .regex(/^[A-Za-z0-9][A-Za-z0-9 /-]*$/, 'letters, digits, spaces, / and -'),
    /** Postal address: the controlled drugs register records the supplier's name and address. */
    address: z.string().trim().min(1).max(300).optional(),
    deliveryDays: z.array(z.enum(WEEKDAYS)).min(1, 'at least one delivery day'),
    leadTime: deliveryLeadSchema,
    cutOffs: weeklyCutOffsSchema,
    /** Dates with no delivery (bank holidays, stock-take closures), on top of any shared list. */
    nonDeliveryDates: z.array(isoDateSchema).default([]),
    notes: z.string().max(2000).optional()
  })
  .superRefine((w, ctx) => {
    if (new Set(w.deliveryDays).size !== w.deliveryDays.length) {
      ctx.addIssue({ code: 'custom', path: ['deliveryDays'], message: 'a delivery day is listed twice' })
    }
    let total = 0
    for (const day of WEEKDAYS) {
      const list = w.cutOffs[day]
      total += list.length
      const seen = new Set<string>()
      list.forEach((c, i) => {
        if (seen.has(c.time)) {
          ctx.addIssue({ code: 'custom', path: ['cutOffs', day, i, 'time'], message: `two cut-offs at ${c.time}` })
        }
        seen.add(c.time)
        const lead = c.lead ?? w.leadTime
        if (lead.days === 0 && c.time >= SLOT_ENDS[lead.slot]) {
          ctx.addIssue({
            code: 'custom',
            path: ['cutOffs', day, i, 'lead'],
            message: `a same-day ${lead.slot} delivery needs a cut-off before ${SLOT_ENDS[lead.slot]}`
          })
        }
      })
    }
    if (total === 0)
      ctx.addIssue({ code: 'custom', path: ['cutOffs'], message: 'at least one order cut-off in the week' })
  })

export type DeliveryLead = z.infer<typeof deliveryLeadSchema>
export type CutOff = z.infer<typeof cutOffSchema>
export type Wholesaler = z.output<typeof wholesalerSchema>
export type WholesalerInput = z.input<typeof wholesalerSchema>

/** The shape of resources/wholesalers.json. */
export const wholesalersFileSchema = z
  .object({
    about: z.string().optional(),
    bankHolidays: z
      .object({
        region: z.string().min(1),
        source: z.string().min(1),
        note: z.string().optional(),
        dates: z.array(isoDateSchema)
      })
      .optional(),
    wholesalers: z.array(wholesalerSchema)
  })
  .superRefine((file, ctx) => {
    const ids = new Set<string>()
    file.wholesalers.forEach((w, i) => {
      if (ids.has(w.id))
        ctx.addIssue({ code: 'custom', path: ['wholesalers', i, 'id'], message: `duplicate id ${w.id}` })
      ids.add(w.id)
    })
  })

export type WholesalersFile = z.output<typeof wholesalersFileSchema>

export function effectiveLead(wholesaler: Wholesaler, cutOff: CutOff): DeliveryLead {
  return cutOff.lead ?? wholesaler.leadTime
}
