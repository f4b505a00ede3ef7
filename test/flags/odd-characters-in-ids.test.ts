/**
 * Hidden characters in the request's id or a line id: the contract allows any 64 characters there.
 * The printed reference (`Ref <id>/<line id>`) is cleaned of them, so the label reads otherwise than
 * the id Phensys knows (`fr_A<ZWSP>B` prints as `fr_AB`, another request's id). Flagged at arrival
 * through the one flag of hidden characters, in words, like every other field a label prints; the
 * label prints the cleaned reference once a person has confirmed it.
 */
import { afterEach, expect, it } from 'vitest'
import { dispatchWorld, type DispatchWorld } from '../dispatch/world'
import { arrives, firstItem, flagsOf, ok, printLabels, sertralineRequest } from './world'
import { scan } from '../stock/helpers'

let world: DispatchWorld | undefined
afterEach(async () => {
  await world?.stop()
  world = undefined
})

const ID = 'fr_ODD\u200bID'
const LINE = 'l\u202e1'
const HIDDEN = /[\u200b\u202e]/

it('a hidden character in the request id or a line id is flagged at arrival, in words; the label prints the cleaned reference once confirmed', async () => {
  const w = (world = await dispatchWorld())
  await arrives(
    w,
    sertralineRequest(w, ID, (body) => {
      firstItem(body).lineId = LINE
    })
  )
  expect(w.core.internals.requests.get(ID)?.snapshot.prescription.items[0]?.lineId).toBe(LINE)
  const flags = await flagsOf(w, ID)
  const at = (path: string) => flags.find((flag) => flag.path === path && flag.kind === 'control_characters')
  expect(at('id'), JSON.stringify(flags)).toMatchObject({
    source: 'intake',
    rawShown: expect.stringContaining('fr_ODD'),
    cleanedText: 'fr_ODDID',
    words: expect.stringMatching(/^The request's id holds a hidden control character \(zero-width space, U\+200B\)/),
    blocks: expect.arrayContaining(['printLabels'])
  })
  expect(at('prescription.items[0].lineId'), JSON.stringify(flags)).toMatchObject({
    lineId: LINE,
    cleanedText: 'l1',
    words: expect.stringMatching(/^The line id of line 1 holds a hidden control character \(right-to-left override/),
    blocks: expect.arrayContaining(['printLabels'])
  })

  await scan(w.core, w.assembler, w.sertraline.code('SER1'))
  ok(await w.core.call(w.assembler, 'requests.accept', { id: ID }), 'accept')
  ok(await w.core.call(w.pharmacist, 'requests.clinicalCheck', { id: ID, outcome: 'approved' }), 'clinical check')
  ok(await w.core.call(w.assembler, 'requests.startDispensing', { id: ID }), 'start dispensing')
  ok(
    await w.core.call(w.assembler, 'dispensing.scanPack', { id: ID, lineId: LINE, raw: w.sertraline.code('SER1') }),
    'scan'
  )
  expect(await w.core.call(w.assembler, 'requests.printLabels', { id: ID })).toMatchObject({
    ok: false,
    error: { message: expect.stringContaining("The request's id holds a hidden control character") }
  })
  expect(w.printer.jobs).toHaveLength(0)
  for (const flag of [at('id')!, at('prescription.items[0].lineId')!])
    ok(
      await w.core.call(w.assembler, 'flags.confirmCleanedText', { id: flag.id, text: flag.cleanedText! }),
      `confirm ${flag.path}`
    )
  const text = await printLabels(w, ID)
  expect(text).toContain('Ref fr_ODDID/l1')
  expect(HIDDEN.exec(text)).toBeNull()
})
