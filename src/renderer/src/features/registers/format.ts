/** "26/11/2026, 08:02": a register's date and time, in full. */
export function registerDateTime(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'short' })
}

/** "26/11/2026" from YYYY-MM-DD. */
export function registerDate(date: string): string {
  const [year, month, day] = date.split('-')
  return `${day}/${month}/${year}`
}

/** 28, 2.5: quantities as the register counts them. */
export function amount(value: number, unit: string): string {
  return `${Number(value.toFixed(3))} ${unit}`
}
