/** How the registers write addresses, handovers and quantities. */
import { formatQuantity, fromMilli } from '../../shared/stock/units'
import type { Snapshot } from '../../shared/phensys/snapshot'
import type { Handover } from './handover'

export function postalAddress(address: Snapshot['delivery']['address']): string {
  const country = address.country.toUpperCase() === 'GB' ? null : address.country
  return [address.line1, address.line2, address.city, address.postcode, country]
    .filter((part) => part && part.trim())
    .join(', ')
}

/** Who took the medicines: the carrier with its tracking numbers, or the person who collected. */
export function handoverWords(handover: Handover): string {
  if (handover.method === 'carrier') {
    const tracking =
      handover.trackingNumbers.length > 0 ? `, tracking ${handover.trackingNumbers.join(', ')}` : ', no tracking number'
    return `${handover.carrier} ${handover.service}${tracking}`
  }
  const relation = handover.collectedBy.relation.replace(/_/g, ' ')
  const { name, address } = handover.collectedBy
  return `Collected by ${name} (${relation})${address ? `, ${address}` : ''}`
}

export function prescriberRegistration(prescriber: Snapshot['prescription']['prescriber']): string | null {
  const parts = [prescriber.registrationBody, prescriber.registrationNumber].filter(Boolean)
  return parts.length > 0 ? parts.join(' ') : null
}

export function packWords(pack: {
  name: string
  batchNo: string
  expiry: string
  quantityMilli: number
  unit: string
}): string {
  return `${pack.name}, batch ${pack.batchNo}, expiry ${pack.expiry}, ${formatQuantity(fromMilli(pack.quantityMilli), pack.unit)}`
}
