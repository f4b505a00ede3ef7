/** Builds the demo day's snapshots (version 1, `sent_to_provider`) relative to `now`. */
import type { RawSnapshot } from '../store'
import { DAY_MS, isoDate, MINUTE_MS, timestamp } from '../time'
import { DEMO_REQUESTS, PRESCRIBERS, type DemoRequest } from './demo-day'
import { demoProduct } from './products'

const TENANT = { id: 'lovemylife', name: 'LoveMyLife' }

function snapshotOf(plan: DemoRequest, now: Date): RawSnapshot & { id: string } {
  const created = timestamp(new Date(now.getTime() - plan.minutesAgo * MINUTE_MS))
  const { prescription, patient, delivery } = plan
  const recipientName = delivery.recipientName ?? `${patient.given} ${patient.family}`
  return {
    id: plan.id,
    version: 1,
    tenant: TENANT,
    route: plan.route,
    state: 'sent_to_provider',
    createdAt: created,
    updatedAt: created,
    prescription: {
      id: prescription.id,
      kind: prescription.kind,
      issuedAt: isoDate(new Date(now.getTime() - prescription.issuedDaysAgo * DAY_MS)),
      ...(prescription.formType ? { formType: prescription.formType } : {}),
      prescriber: PRESCRIBERS[prescription.prescriber],
      hardCopy: { required: prescription.hardCopy !== null, reason: prescription.hardCopy },
      items: prescription.items.map((item, index) => {
        const { cautionaryLabels, ...product } = demoProduct(item.dmdCode)
        return {
          lineId: `l${index + 1}`,
          product,
          quantity: item.quantity,
          unit: item.unit,
          directions: item.directions,
          cautionaryLabels
        }
      }),
      notes: prescription.notes ?? null
    },
    patient: {
      id: patient.id,
      name: { title: patient.title, given: patient.given, family: patient.family },
      dateOfBirth: patient.dateOfBirth,
      phone: patient.phone,
      email: patient.email
    },
    delivery: {
      recipientName,
      address: {
        line1: delivery.line1,
        ...(delivery.line2 ? { line2: delivery.line2 } : {}),
        city: delivery.city,
        postcode: delivery.postcode,
        country: 'GB'
      },
      service: delivery.service,
      instructions: delivery.instructions ?? null
    },
    payment: plan.payment
  }
}

/** The demo day as of `now`, oldest first. */
export function demoDay(now: Date): (RawSnapshot & { id: string })[] {
  return [...DEMO_REQUESTS].sort((a, b) => b.minutesAgo - a.minutesAgo).map((plan) => snapshotOf(plan, now))
}
