/**
 * Lays a LabelDocument out on a stock: one label, or a set of labels each complete on its own.
 * ZPL and SVG both render from this, so the preview shows the lines, breaks, sizes and glyph
 * pictures that print.
 *
 * Geometry (inside the stock's margins): the barcode sits in the bottom-right corner; the banner
 * and footer lines stand at the bottom, those beside the barcode narrower, those above it full
 * width; the header (medicine, quantity) starts at the top, and the flow (directions, cautionary
 * wording) follows it. Header and flow start at the preferred size and shrink together one dot at
 * a time to the legible minimum; banner and footer are at the minimum.
 *
 * When the flow does not fit one label at the minimum it continues on supplementary labels, each
 * repeating header, banner, footer and barcode, at the largest size that keeps that number of
 * labels. The header's first line then says which label it is: "<subject> · label 1 of 2" on the
 * first, "<subject> · label 2 of 2" on the others (no longer, so a continuation label has the room
 * of the first). A label ends only between sentences or clauses (or, in a clause longer than a label, between words), never inside a parenthesis nor
 * between a number and its unit. Nothing is cut or reworded: what cannot be laid out so is a
 * LabelError saying why.
 */
import { LEGIBLE_MINIMUM_FLOOR_PT } from '../../shared/devices/settings'
import { dataMatrixSize } from './datamatrix'
import type { LabelDocument, LabelRole, TextBlock } from './document'
import { firstControlCharacter } from './clean-text'
import { LabelError } from './errors'
import { baselineOffset, labelCanDraw, lineHeight, measure, printerFontHas } from './font-metric'
import { rasteriseRun, type GlyphBitmap } from './glyph-font'
import { DEFAULT_STOCK, mmToDots, stockGeometry, type LabelStock } from './stock'
import { isNumberToken, wrapText } from './wrap'

export interface LayoutOptions {
  /** The legible minimum in points; never below LEGIBLE_MINIMUM_FLOOR_PT. */
  minimumPt?: number
  /** Starting size for header and flow, in points (default 10 pt). */
  preferredPt?: number
  /** DataMatrix module size in mm (default 0.375 mm; at least 2 dots). */
  barcodeModuleMm?: number
}

export type LineSection = 'header' | 'flow' | 'banner' | 'footer'

/** Part of a line in the printer's own font. */
export interface TextRun {
  kind: 'text'
  text: string
  x: number
  width: number
}

/** Part of a line the printer's font cannot print, drawn from the label fonts as dots. */
export interface GraphicRun {
  kind: 'graphic'
  text: string
  x: number
  /** Top edge of the picture, dots from the label's top. */
  y: number
  bitmap: GlyphBitmap
}

export interface PositionedLine {
  text: string
  /** Left edge, dots. */
  x: number
  /** Baseline, dots from the label's top. */
  baseline: number
  /** Font size (em) in dots: ZPL ^A0N,h,h and SVG font-size. */
  fontDots: number
  /** Width measured by the font metric; never more than `maxWidth`. */
  width: number
  maxWidth: number
  role: LabelRole
  section: LineSection
  runs: Array<TextRun | GraphicRun>
}

export interface PositionedBarcode {
  symbology: 'datamatrix'
  payload: string
  x: number
  y: number
  moduleDots: number
  /** Symbol side in modules (forced in ^BX so the printer draws this size). */
  modules: number
  sizeDots: number
}

export interface LaidOutLabel {
  kind: LabelDocument['kind']
  stockId: string
  dpi: number
  widthMm: number
  heightMm: number
  widthDots: number
  heightDots: number
  page: number
  pageCount: number
  lines: PositionedLine[]
  barcode: PositionedBarcode
}

interface WrappedLine {
  text: string
  role: LabelRole
  /** The index of the block the line comes from. */
  block?: number
}

const MAX_LABELS = 20
const PREFERRED_PT = 10

export function emForPoints(points: number, dpi: number): number {
  return Math.ceil((points * dpi) / 72)
}

const ROLE_NAMES: Readonly<Record<LabelRole, string>> = {
  medicine: 'the medicine',
  quantity: 'the quantity',
  emergency: 'the emergency supply line',
  directions: 'the directions',
  cautionary: 'the cautionary wording',
  external: 'the external-use line',
  warning: 'the warning',
  patient: "the patient's name",
  reference: 'the reference',
  pharmacy: "the pharmacy's name and address",
  recipient: "the recipient's name",
  address: 'the address',
  service: 'the delivery service',
  continuation: 'the header'
}

const codePointName = (ch: string) => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`

/** The text must be clean (clean-text.ts) and drawable by some font; otherwise the label is refused. */
function checkPrintable(blocks: readonly TextBlock[]): void {
  for (const block of blocks) {
    const control = firstControlCharacter(block.text.replace(/\n/g, ' '))
    if (control !== null) {
      throw new LabelError(
        'unprintable-character',
        `${ROLE_NAMES[block.role]} holds a control character (${codePointName(control)}); it must be cleaned before it can print`
      )
    }
    for (const ch of block.text) {
      if (ch !== '\n' && !labelCanDraw(ch)) {
        throw new LabelError(
          'unprintable-character',
          `${ROLE_NAMES[block.role]} holds "${ch}" (${codePointName(ch)}), which neither the label printer's font nor the label fonts can draw`
        )
      }
    }
  }
}

function wrapBlocks(blocks: readonly TextBlock[], maxDots: number, emDots: number): WrappedLine[] {
  return blocks.flatMap((block) => wrapText(block.text, maxDots, emDots).map((text) => ({ text, role: block.role })))
}

/** A clause of the flow: where a label may end, after a sentence (2) or a clause (1). */
interface Clause {
  block: number
  role: LabelRole
  text: string
  quality: 1 | 2
  /** The clause ends a paragraph: what follows starts a new line. */
  endsParagraph: boolean
}

/**
 * For each character, whether it lies inside a parenthesis or bracket that closes: an opening one
 * that never closes (a typing slip) holds nothing together.
 */
function insideBrackets(text: string): boolean[] {
  const inside = new Array<boolean>(text.length).fill(false)
  const open: number[] = []
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === '(' || ch === '[') open.push(i)
    else if ((ch === ')' || ch === ']') && open.length > 0) {
      const start = open.pop()!
      for (let k = start; k <= i; k++) inside[k] = true
    }
  }
  return inside
}

/** Splits the flow after each sentence or clause that is not inside a parenthesis. */
function clausesOf(blocks: readonly TextBlock[]): Clause[] {
  const out: Clause[] = []
  blocks.forEach((block, index) => {
    const paragraphs = block.text.split('\n')
    paragraphs.forEach((paragraph) => {
      const inside = insideBrackets(paragraph)
      let start = 0
      const push = (end: number, quality: 1 | 2, endsParagraph: boolean) => {
        const text = paragraph.slice(start, end).trim()
        if (text.length > 0) out.push({ block: index, role: block.role, text, quality, endsParagraph })
        start = end
      }
      for (let i = 0; i < paragraph.length; i++) {
        const ch = paragraph[i]!
        if (!inside[i] && /[.!?;:,]/.test(ch) && paragraph[i + 1] === ' ') {
          // A closing quote or bracket right after the mark stays with its clause.
          push(i + 1, ch === ',' ? 1 : 2, false)
        }
      }
      push(paragraph.length, 2, true)
    })
  })
  return out
}

/** The lines of some clauses: a block, and a paragraph, start a new line; clauses of one paragraph run on. */
function clauseLines(clauses: readonly Clause[], maxDots: number, emDots: number): WrappedLine[] {
  const out: WrappedLine[] = []
  let text = ''
  let role: LabelRole | null = null
  let block = -1
  const flush = () => {
    if (role !== null && text.length > 0)
      for (const line of wrapText(text, maxDots, emDots)) out.push({ text: line, role })
    text = ''
  }
  for (const clause of clauses) {
    if (clause.block !== block) {
      flush()
      block = clause.block
      role = clause.role
    }
    text = text.length === 0 ? clause.text : `${text} ${clause.text}`
    if (clause.endsParagraph) flush()
  }
  flush()
  return out
}

/**
 * A clause longer than a label, split after the last word that fits and ends neither inside a
 * parenthesis nor between a number and the word it counts; null when there is no such word.
 */
function splitClause(clause: Clause, maxDots: number, emDots: number, capacity: number): [Clause, Clause] | null {
  const words = clause.text.split(' ')
  const fits = (count: number) => wrapText(words.slice(0, count).join(' '), maxDots, emDots).length <= capacity
  // The most words that fit (the count only grows with the words), then back to a word a label may end on.
  let count = 0
  while (count < words.length - 1 && fits(count + 1)) count++
  // The space after word n (at `spaceAt[n]`) is a place a label may end unless a parenthesis spans it.
  const inside = insideBrackets(clause.text)
  const spaceAt: number[] = []
  words.reduce((at, word) => {
    spaceAt.push(at + word.length)
    return at + word.length + 1
  }, 0)
  // Never between a number and the word it counts ("2 | tablets"); between two numbers is no dose to split.
  const splitsADose = (at: number) => isNumberToken(words[at - 1] ?? '') && !isNumberToken(words[at] ?? '0')
  while (count > 0 && (inside[spaceAt[count - 1] ?? 0] === true || splitsADose(count))) count--
  if (count === 0) {
    // A single word longer than a whole label (a web address, a run of letters): split where its lines break.
    const first = words[0] ?? ''
    const pieces = wrapText(first, maxDots, emDots)
    if (pieces.length <= capacity || first.includes('(')) return null
    const head = pieces.slice(0, capacity).join('')
    return [
      { ...clause, text: head, endsParagraph: true },
      { ...clause, text: [first.slice(head.length), ...words.slice(1)].join(' ') }
    ]
  }
  return [
    { ...clause, text: words.slice(0, count).join(' '), endsParagraph: true },
    { ...clause, text: words.slice(count).join(' ') }
  ]
}

/** Why the flow cannot be laid out on labels of a size: a parenthesis (or word) longer than a label, or a BNF warning's clause. */
type Unpaginated = { cannot: 'parenthesis' } | { cannot: 'warning'; bnfNumber: number | null }

/**
 * Splits the flow into labels of at most `capacity` lines: as many clauses as fit, ending after a
 * sentence where one is in reach, else after a clause; a clause of the directions longer than a
 * label is split between words; a cautionary warning is kept whole on one label where it fits on
 * one (`cutWarnings` counts those it could not), and a clause of one is never split between words
 * (half a sentence of a BNF warning reads as another warning, or as none).
 */
function paginate(
  blocks: readonly TextBlock[],
  maxDots: number,
  emDots: number,
  capacities: { first: number; others: number }
): { pages: WrappedLine[][]; cutWarnings: number } | Unpaginated {
  const pages: WrappedLine[][] = []
  let cutWarnings = 0
  let rest = clausesOf(blocks)
  while (rest.length > 0) {
    const capacity = pages.length === 0 ? capacities.first : capacities.others
    let fits = 0
    while (fits < rest.length && clauseLines(rest.slice(0, fits + 1), maxDots, emDots).length <= capacity) fits++
    if (fits === rest.length) {
      pages.push(clauseLines(rest, maxDots, emDots))
      break
    }
    if (fits === 0) {
      const clause = rest[0]!
      if (clause.role === 'cautionary') return { cannot: 'warning', bnfNumber: blocks[clause.block]?.bnfNumber ?? null }
      const split = splitClause(clause, maxDots, emDots, capacity)
      if (!split) return { cannot: 'parenthesis' }
      rest = [...split, ...rest.slice(1)]
      continue
    }
    let end = fits
    while (end > 0 && rest[end - 1]!.quality < 2) end--
    if (end === 0) end = fits
    end = keepingWarningWhole(rest, end, maxDots, emDots, capacities.others)
    if (rest[end]!.role === 'cautionary' && rest[end - 1]!.block === rest[end]!.block) cutWarnings++
    pages.push(clauseLines(rest.slice(0, end), maxDots, emDots))
    rest = rest.slice(end)
  }
  return { pages, cutWarnings }
}

/**
 * Where a label ends, moved back to the start of a cautionary warning it would cut, when the whole
 * warning fits on the next label: a BNF warning is one warning, used unmodified, and half of one
 * reads as another ("may make you sleepy") or as nothing ("If this happens…").
 */
function keepingWarningWhole(
  rest: readonly Clause[],
  end: number,
  maxDots: number,
  emDots: number,
  nextCapacity: number
): number {
  const next = rest[end]
  if (!next || next.role !== 'cautionary' || rest[end - 1]?.block !== next.block) return end
  let start = end
  while (start > 0 && rest[start - 1]!.block === next.block) start--
  if (start === 0) return end
  const warning = rest.slice(start).filter((clause) => clause.block === next.block)
  return clauseLines(warning, maxDots, emDots).length <= nextCapacity ? start : end
}

/** The header of label `page` of a set: its first block says which label of the set it is. */
function headerOf(doc: LabelDocument, subject: string | null, page: number, pageCount: number): TextBlock[] {
  if (subject === null || pageCount < 2 || doc.header.length === 0) return doc.header
  const [first, ...rest] = doc.header
  const text = page === 1 ? `${first!.text} · label 1 of ${pageCount}` : `${subject} · label ${page} of ${pageCount}`
  return [{ role: 'continuation', text }, ...rest]
}

/** The fewest characters kept at each end of a shortened part: enough to tell it by eye. */
const SHORTENED_KEEPS = 4

/**
 * A block's text, its shortenable part cut in the middle to an ellipsis, as little as makes the
 * line fit `width`; at most to SHORTENED_KEEPS characters each side (wrapping does the rest).
 */
function oneLineIfShortened(block: TextBlock, width: number, em: number): string {
  const part = block.shortenable
  const at = part === undefined ? -1 : block.text.indexOf(part)
  if (part === undefined || at < 0 || measure(block.text, em) <= width) return block.text
  const before = block.text.slice(0, at)
  const after = block.text.slice(at + part.length)
  const characters = [...part]
  let text = block.text
  for (let keep = Math.floor((characters.length - 1) / 2); keep >= SHORTENED_KEEPS; keep--) {
    text = `${before}${characters.slice(0, keep).join('')}…${characters.slice(-keep).join('')}${after}`
    if (measure(text, em) <= width) break
  }
  return text
}

/**
 * Wraps the banner and footer for the bottom of the label: the lines beside the barcode as wide
 * as the room left of it, those above it full width. The width a line gets depends on how many
 * lines there are, so the count is settled by trying again; if that does not settle, every line
 * is wrapped to the narrow width, which is always safe.
 */
function wrapBottom(
  blocks: readonly TextBlock[],
  em: number,
  widths: { full: number; narrow: number; narrowLines: number }
): WrappedLine[] {
  const wrapAll = (widthOf: (line: number) => number) => {
    const out: WrappedLine[] = []
    blocks.forEach((block, index) => {
      for (const text of wrapText(oneLineIfShortened(block, widthOf(out.length), em), widthOf, em, out.length))
        out.push({ text, role: block.role, block: index })
    })
    return out
  }
  let lines = wrapAll(() => widths.narrow)
  for (let round = 0; round < 3; round++) {
    const total = lines.length
    const widthOf = (line: number) => (total - line <= widths.narrowLines ? widths.narrow : widths.full)
    const next = wrapAll(widthOf)
    const fits = next.every(
      (line, i) => measure(line.text, em) <= (next.length - i <= widths.narrowLines ? widths.narrow : widths.full)
    )
    if (next.length === total && fits) return next
    if (!fits || next.length > total) break
    lines = next
  }
  return wrapAll(() => widths.narrow)
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' })

/** Splits a line into runs the printer's font prints and runs drawn as pictures. */
function runsOf(text: string, x: number, baseline: number, emDots: number): PositionedLine['runs'] {
  if ([...text].every(printerFontHas)) return [{ kind: 'text', text, x, width: measure(text, emDots) }]
  const pieces: Array<{ graphic: boolean; text: string }> = []
  for (const { segment } of graphemes.segment(text)) {
    const graphic = segment === ' ' ? (pieces.at(-1)?.graphic ?? false) : ![...segment].every(printerFontHas)
    const last = pieces.at(-1)
    if (last && last.graphic === graphic) last.text += segment
    else pieces.push({ graphic, text: segment })
  }
  const runs: PositionedLine['runs'] = []
  let prefix = ''
  for (const piece of pieces) {
    const runX = x + measure(prefix, emDots)
    prefix += piece.text
    const width = x + measure(prefix, emDots) - runX
    if (!piece.graphic) {
      runs.push({ kind: 'text', text: piece.text, x: runX, width })
      continue
    }
    const top = baseline - baselineOffset(emDots)
    runs.push({
      kind: 'graphic',
      text: piece.text,
      x: runX,
      y: top,
      bitmap: rasteriseRun(piece.text, emDots, {
        widthDots: Math.max(1, width),
        heightDots: lineHeight(emDots),
        baselineDots: baselineOffset(emDots)
      })
    })
  }
  return runs
}

/** Lays out a document; returns one label, or a set marked "label n of N". */
export function layoutLabel(
  doc: LabelDocument,
  stock: LabelStock = DEFAULT_STOCK,
  options: LayoutOptions = {}
): LaidOutLabel[] {
  const geometry = stockGeometry(stock)
  const { dpi } = geometry.stock
  const { x: left, y: top, width, height } = geometry.content
  const minimumPt = Math.max(LEGIBLE_MINIMUM_FLOOR_PT, options.minimumPt ?? LEGIBLE_MINIMUM_FLOOR_PT)
  const minEm = emForPoints(minimumPt, dpi)
  const preferredEm = Math.max(minEm, emForPoints(options.preferredPt ?? PREFERRED_PT, dpi))
  const smallLine = lineHeight(minEm)
  checkPrintable([...doc.header, ...doc.flow, ...doc.banner, ...doc.footer])

  const moduleDots = Math.max(2, mmToDots(options.barcodeModuleMm ?? 0.375, dpi))
  const modules = dataMatrixSize(doc.barcode.payload)
  const barcodeDots = modules * moduleDots
  const gap = mmToDots(1, dpi)
  const narrow = width - barcodeDots - gap
  if (barcodeDots > height || narrow < 4 * minEm) {
    throw new LabelError(
      'stock-too-small',
      `the label stock ${stock.widthMm} × ${stock.heightMm} mm is too small for the ${modules}×${modules} barcode and the lines beside it`
    )
  }
  const bottom = wrapBottom([...doc.banner, ...doc.footer], minEm, {
    full: width,
    narrow,
    narrowLines: Math.ceil(barcodeDots / smallLine)
  })
  const bannerLines = bottom.filter((line) => (line.block ?? 0) < doc.banner.length).length
  const bottomHeight = Math.max(bottom.length * smallLine, barcodeDots) + gap
  const subject = 'subject' in doc.continuation ? doc.continuation.subject : null

  /** How many flow lines a label holds at `em`: the first of a set, and the others, have headers of their own. */
  // A continued set keeps room for its longest headers ("<subject> · label 9 of 9"): sets of
  // up to nine labels are laid out for one digit, longer ones for two.
  let mostLabels = 9
  const capacities = (em: number, continued: boolean) => {
    const room = (header: TextBlock[]) =>
      Math.floor((height - bottomHeight - wrapBlocks(header, width, em).length * lineHeight(em)) / lineHeight(em))
    return continued
      ? {
          first: room(headerOf(doc, subject, 1, mostLabels)),
          others: room(headerOf(doc, subject, mostLabels, mostLabels))
        }
      : { first: room(doc.header), others: room(doc.header) }
  }

  const clauses = clausesOf(doc.flow)
  const onOneLabel = (em: number) => {
    const flow = clauseLines(clauses, width, em)
    return flow.length <= capacities(em, false).first ? flow : null
  }
  // The largest size at which everything fits one label: fewer lines fit as the size grows.
  let chosen: { em: number; pages: WrappedLine[][] } | null = null
  const smallest = onOneLabel(minEm)
  if (smallest) {
    let low = minEm
    let high = preferredEm
    while (low < high) {
      const middle = Math.ceil((low + high) / 2)
      if (onOneLabel(middle)) low = middle
      else high = middle - 1
    }
    chosen = { em: low, pages: [onOneLabel(low) ?? smallest] }
  }
  if (!chosen) {
    if (subject === null) {
      const where = `${stock.widthMm} × ${stock.heightMm} mm at ${minimumPt} pt`
      throw new LabelError('does-not-fit', 'refusal' in doc.continuation ? doc.continuation.refusal(where) : where)
    }
    let atMinimum = capacities(minEm, true)
    if (Math.min(atMinimum.first, atMinimum.others) < 1) {
      throw new LabelError(
        'stock-too-small',
        `the label stock ${stock.widthMm} × ${stock.heightMm} mm leaves no room for the directions beside what every label must carry: choose a larger stock`
      )
    }
    let fewest = paginate(doc.flow, width, minEm, atMinimum)
    if ('pages' in fewest && fewest.pages.length > mostLabels) {
      mostLabels = 99
      atMinimum = capacities(minEm, true)
      fewest =
        Math.min(atMinimum.first, atMinimum.others) >= 1
          ? paginate(doc.flow, width, minEm, atMinimum)
          : { cannot: 'parenthesis' }
    }
    if ('cannot' in fewest) {
      const where = `one label of ${stock.widthMm} × ${stock.heightMm} mm at the legible minimum`
      throw new LabelError(
        'stock-too-small',
        fewest.cannot === 'warning'
          ? `BNF warning${fewest.bnfNumber === null ? '' : ` ${fewest.bnfNumber}`} does not fit whole on ${where} beside what every label must carry, and a warning is never broken between words: choose a larger stock`
          : `a parenthesis or a word in the directions is longer than ${where} holds, and a label never breaks inside one: choose a larger stock`
      )
    }
    if (fewest.pages.length > MAX_LABELS) {
      throw new LabelError(
        'stock-too-small',
        `the directions need more than ${MAX_LABELS} labels of ${stock.widthMm} × ${stock.heightMm} mm: choose a larger stock`
      )
    }
    // The largest size that keeps that number of labels, and cuts no warning the smallest keeps whole.
    const inFewest = (em: number) => {
      const capacity = capacities(em, true)
      const laid = Math.min(capacity.first, capacity.others) >= 1 ? paginate(doc.flow, width, em, capacity) : null
      return laid &&
        'pages' in laid &&
        laid.pages.length <= fewest.pages.length &&
        laid.cutWarnings <= fewest.cutWarnings
        ? laid.pages
        : null
    }
    let low = minEm
    let high = preferredEm
    while (low < high) {
      const middle = Math.ceil((low + high) / 2)
      if (inFewest(middle)) low = middle
      else high = middle - 1
    }
    chosen = { em: low, pages: low === minEm ? fewest.pages : (inFewest(low) ?? fewest.pages) }
  }

  const { em, pages } = chosen
  const pageCount = pages.length
  const bottomTop = top + height - Math.max(bottom.length * smallLine, barcodeDots)
  const barcode: PositionedBarcode = {
    symbology: doc.barcode.symbology,
    payload: doc.barcode.payload,
    x: left + width - barcodeDots,
    y: top + height - barcodeDots,
    moduleDots,
    modules,
    sizeDots: barcodeDots
  }
  const narrowFrom = bottom.length - Math.ceil(barcodeDots / smallLine)

  const place = (
    wrapped: readonly WrappedLine[],
    section: LineSection,
    firstTop: number,
    fontDots: number,
    maxWidth: (i: number) => number
  ) =>
    wrapped.map((line, i): PositionedLine => {
      const baseline = firstTop + i * lineHeight(fontDots) + baselineOffset(fontDots)
      return {
        text: line.text,
        x: left,
        baseline,
        fontDots,
        width: measure(line.text, fontDots),
        maxWidth: maxWidth(i),
        role: line.role,
        section,
        runs: runsOf(line.text, left, baseline, fontDots)
      }
    })
  const bottomTopOf = (i: number) =>
    bottomTop + (bottom.length * smallLine < barcodeDots ? barcodeDots - bottom.length * smallLine : 0) + i * smallLine
  const bottomWidth = (i: number) => (i >= narrowFrom ? narrow : width)

  return pages.map((flow, index): LaidOutLabel => {
    const page = index + 1
    const header = wrapBlocks(headerOf(doc, subject, page, pageCount), width, em)
    const flowTop = top + header.length * lineHeight(em)
    return {
      kind: doc.kind,
      stockId: geometry.stock.id,
      dpi,
      widthMm: geometry.stock.widthMm,
      heightMm: geometry.stock.heightMm,
      widthDots: geometry.widthDots,
      heightDots: geometry.heightDots,
      page,
      pageCount,
      lines: [
        ...place(header, 'header', top, em, () => width),
        ...place(flow, 'flow', flowTop, em, () => width),
        ...place(bottom.slice(0, bannerLines), 'banner', bottomTopOf(0), minEm, bottomWidth),
        ...place(bottom.slice(bannerLines), 'footer', bottomTopOf(bannerLines), minEm, (i) =>
          bottomWidth(i + bannerLines)
        )
      ],
      barcode
    }
  })
}
