/**
 * Paths into a snapshot, as findings and flags write them: `prescription.items[0].unit`, with a
 * field whose name is not a plain word quoted (`delivery["gate code"]`), so any path can be read
 * back to the value it names in the raw payload.
 */

const PLAIN = /^[A-Za-z_$][\w$]*$/

/** The path of a field of the object at `path`. */
export function fieldPath(path: string, key: string): string {
  const step = PLAIN.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`
  return path === '' ? step.replace(/^\./, '') : `${path}${step}`
}

/** The path of an entry of the array at `path`. */
export function entryPath(path: string, index: number): string {
  return `${path}[${index}]`
}

/** The steps of a path: field names and array positions. */
function pathSteps(path: string): Array<string | number> {
  const steps: Array<string | number> = []
  let rest = path
  while (rest.length > 0) {
    const plain = /^\.?([A-Za-z_$][\w$]*)/.exec(rest)
    if (plain) {
      steps.push(plain[1] as string)
      rest = rest.slice(plain[0].length)
      continue
    }
    const index = /^\[(\d+)\]/.exec(rest)
    if (index) {
      steps.push(Number(index[1]))
      rest = rest.slice(index[0].length)
      continue
    }
    const quoted = /^\[("(?:[^"\\]|\\.)*")\]/.exec(rest)
    if (!quoted) throw new Error(`not a snapshot path: ${path}`)
    steps.push(JSON.parse(quoted[1] as string) as string)
    rest = rest.slice(quoted[0].length)
  }
  return steps
}

/** The value a path names in a raw payload; undefined when there is none. */
export function valueAt(raw: unknown, path: string): unknown {
  let here: unknown = raw
  for (const step of pathSteps(path)) {
    if (typeof step === 'number') {
      if (!Array.isArray(here)) return undefined
      here = here[step]
    } else {
      if (typeof here !== 'object' || here === null || Array.isArray(here)) return undefined
      here = Object.prototype.hasOwnProperty.call(here, step) ? (here as Record<string, unknown>)[step] : undefined
    }
  }
  return here
}
