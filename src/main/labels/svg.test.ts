import { describe, expect, it } from 'vitest'
import { buildDispensingLabel } from './dispensing-label'
import { LONG_INPUT, SIMPLE_INPUT } from '../../../test/helpers/label-fixtures'
import { layoutLabel } from './layout'
import { escapeXml, toSvg } from './svg'

function svgTexts(svg: string) {
  return [
    ...svg.matchAll(/<text x="(\d+)" y="(\d+)" font-size="(\d+)"(?: textLength="(\d+)")?[^>]*>([^<]*)<\/text>/g)
  ].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    size: Number(m[3]),
    length: Number(m[4]),
    text: m[5]
  }))
}

const unescape = (text = '') =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')

describe('toSvg', () => {
  it('draws the same lines at the same positions and sizes as the layout (and so as the ZPL)', () => {
    for (const label of layoutLabel(buildDispensingLabel(LONG_INPUT))) {
      const svg = toSvg(label)
      expect(svg).toContain(`viewBox="0 0 ${label.widthDots} ${label.heightDots}"`)
      expect(svg).toContain('width="70mm" height="35mm"')
      expect(svgTexts(svg).map((t) => ({ ...t, text: unescape(t.text) }))).toEqual(
        label.lines.map((line) => ({
          x: line.x,
          y: line.baseline,
          size: line.fontDots,
          length: line.width,
          text: line.text
        }))
      )
      expect(svg).toContain(`data-payload="${label.barcode.payload}"`)
    }
  })

  it('escapes markup and characters XML cannot hold', () => {
    const [label] = layoutLabel(
      buildDispensingLabel({ ...SIMPLE_INPUT, patientName: '<script>alert("x")</script> & Co' })
    )
    if (!label) throw new Error('no label')
    const svg = toSvg(label)
    expect(svg).not.toContain('<script>')
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co')
    expect(escapeXml('a\u0001b\ud800c')).toBe('a\ufffdb\ufffdc')
  })

  it('draws the DataMatrix inside its reserved square', () => {
    const [label] = layoutLabel(buildDispensingLabel(SIMPLE_INPUT))
    if (!label) throw new Error('no label')
    const { x, y, sizeDots } = label.barcode
    const coords = [...toSvg(label).matchAll(/M(\d+) (\d+)h/g)].map((m) => [Number(m[1]), Number(m[2])] as const)
    expect(coords.length).toBeGreaterThan(0)
    for (const [cx, cy] of coords) {
      expect(cx).toBeGreaterThanOrEqual(x)
      expect(cy).toBeGreaterThanOrEqual(y)
      expect(cx + label.barcode.moduleDots).toBeLessThanOrEqual(x + sizeDots)
      expect(cy + label.barcode.moduleDots).toBeLessThanOrEqual(y + sizeDots)
    }
  })
})
