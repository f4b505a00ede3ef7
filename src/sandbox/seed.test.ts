import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import productsFile from '../../resources/demo/products.json'
import { DELIVERY_SERVICES, ROUTES, snapshotSchema, type Snapshot } from '../shared/phensys/snapshot'
import type { Sandbox } from './index'
import { drainFeed, read, started, type Api } from '../../test/helpers/sandbox'

const NOW = new Date('2026-11-26T09:30:00Z')
let sandbox: Sandbox
let api: Api
let requests: Snapshot[]

beforeAll(async () => {
  ;({ sandbox, api } = await started({ seed: 'demo', now: () => NOW }))
  requests = []
  let after: string | null = null
  do {
    const reply = await api.get(`/v1/provider/requests?open=true&limit=5${after ? `&after=${after}` : ''}`)
    const raw = reply.body as { requests: unknown[]; next: string | null }
    for (const snapshot of raw.requests) {
      const reading = snapshotSchema.safeParse(snapshot)
      if (!reading.success) throw new Error(`seed request outside the contract: ${reading.error.message}`)
      requests.push(reading.data)
    }
    after = raw.next
  } while (after)
})
afterAll(() => sandbox.close())

const items = (): Snapshot['prescription']['items'] => requests.flatMap((request) => request.prescription.items)

describe('--seed demo', () => {
  it('loads 12 to 20 readable requests, all sent_to_provider, version 1, earlier today', () => {
    expect(sandbox.seeded).toBe(requests.length)
    expect(requests.length).toBeGreaterThanOrEqual(12)
    expect(requests.length).toBeLessThanOrEqual(20)
    for (const request of requests) {
      expect(request).toMatchObject({ state: 'sent_to_provider', version: 1, tenant: { id: 'lovemylife' } })
      expect(request.createdAt < '2026-11-26T09:30:00Z').toBe(true)
      expect(request.createdAt > '2026-11-25T09:30:00Z').toBe(true)
      expect(request.prescription.issuedAt <= '2026-11-26').toBe(true)
    }
  })

  it('puts one request.created per request on the feed, oldest first', async () => {
    const { entries } = await drainFeed(api)
    expect(entries.map((entry) => entry.kind)).toEqual(requests.map(() => 'request.created'))
    const times = entries.map((entry) => entry.at)
    expect(times).toEqual([...times].sort())
  })

  it('covers every route and every delivery service', () => {
    expect(new Set(requests.map((request) => request.route))).toEqual(new Set(ROUTES))
    expect(new Set(requests.map((request) => request.delivery.service))).toEqual(new Set(DELIVERY_SERVICES))
  })

  it('upload requests are private paper prescriptions whose hard copy is required', () => {
    const uploads = requests.filter((request) => request.route === 'upload')
    expect(uploads.length).toBeGreaterThanOrEqual(2)
    for (const request of uploads) {
      expect(request.prescription.kind).toBe('private_paper')
      expect(request.prescription.hardCopy.required).toBe(true)
    }
  })

  it('has the morphine as a Schedule 2 CD on FP10PCD with a 6-digit CD prescriber id, and a Schedule 3 item', () => {
    const morphine = requests.find((request) =>
      request.prescription.items.some((item) => item.product.name.startsWith('Morphine'))
    )
    expect(morphine?.prescription).toMatchObject({
      kind: 'private_paper',
      formType: 'FP10PCD',
      hardCopy: { required: true, reason: 'controlled_drug' }
    })
    expect(morphine?.prescription.items[0]?.product.controlledDrugSchedule).toBe(2)
    expect(morphine?.prescription.prescriber.cdPrescriberId).toMatch(/^\d{6}$/)
    expect(items().some((item) => item.product.controlledDrugSchedule === 3)).toBe(true)
  })

  it('prescribes exactly the products of resources/demo/products.json, with their cautionary labels', () => {
    const codes = new Set(items().map((item) => item.product.dmdCode))
    expect(codes).toEqual(new Set(productsFile.products.map((product) => product.dmdCode)))
    for (const item of items()) {
      const product = productsFile.products.find((candidate) => candidate.dmdCode === item.product.dmdCode)
      expect(item.cautionaryLabels).toEqual(product?.cautionaryLabels)
      expect(item.product.name).toBe(product?.name)
    }
    expect(items().filter((item) => item.cautionaryLabels.length > 0).length).toBeGreaterThanOrEqual(5)
    expect(items().flatMap((item) => item.cautionaryLabels)).toContainEqual({ number: 17, max: '4 tablets' })
  })

  it('has UTF-8 names, a long set of directions, GMC and GPhC prescribers, and payments', () => {
    const names = requests.map((request) => `${request.patient.name.given} ${request.patient.name.family}`).join(' | ')
    for (const name of ["Zoë O'Brien-Łukasik", 'Siân', 'Ørjan', 'Nguyễn']) expect(names).toContain(name)
    expect(Math.max(...items().map((item) => item.directions.length))).toBeGreaterThanOrEqual(300)
    const bodies = new Set(requests.map((request) => request.prescription.prescriber.registrationBody))
    expect(bodies).toEqual(new Set(['GMC', 'GPhC']))
    expect(new Set(requests.map((request) => request.payment?.status))).toEqual(
      new Set(['paid', 'authorised', 'exempt'])
    )
    for (const request of requests) {
      expect(request.delivery.address.postcode).toMatch(/^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$/)
      expect(request.delivery.address.country).toBe('GB')
    }
  })

  it('seeding a database that already has requests leaves it alone', async () => {
    const reply = await api.get('/v1/provider/requests?limit=500')
    expect(read.requests(reply).requests).toHaveLength(requests.length)
  })
})
