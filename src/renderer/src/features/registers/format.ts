/** 28, 2.5: quantities as the register counts them. */
export function amount(value: number, unit: string): string {
  return `${Number(value.toFixed(3))} ${unit}`
}
