import { expect, type Page } from '@playwright/test'
import { GS } from '../../src/shared/gs1'

/**
 * A keyboard-wedge scanner's burst: the code's parts, GS between them typed as Ctrl+] (or inserted
 * as the GS character itself), then Enter. The last part and its Enter go in one typing call ("\n"
 * is Enter to Playwright): between two calls the test waits on its driver, which on a busy machine
 * takes longer than the scanner's longest pause, so an Enter pressed apart came after the page had
 * already given the burst back as typing (into the PIN field at a locked counter, or nowhere).
 */
export async function wedgeScan(page: Page, code: string, gs: 'ctrl' | 'text' = 'ctrl'): Promise<void> {
  const parts = code.split(GS)
  for (const [index, part] of parts.entries()) {
    if (index > 0 && gs === 'ctrl') await page.keyboard.press('Control+BracketRight')
    if (index > 0 && gs === 'text') await page.keyboard.insertText(GS)
    await page.keyboard.type(index === parts.length - 1 ? `${part}\n` : part)
  }
}

/**
 * Sets the longest pause within a scan on the Scanner screen, as pairing would. Playwright's keys
 * are not a scanner's: a few of its gaps between keys reach 20-80 ms on a busy machine, past the 35 ms
 * default that suits real scanners; 100 ms still parts them from 120 ms typing.
 */
export async function allowPausesUpTo(page: Page, ms: number): Promise<void> {
  await page.getByRole('button', { name: 'Scanner' }).click()
  await page.getByLabel('Longest pause between keys of a scan (ms)').fill(String(ms))
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByText(`In use: pause up to ${ms} ms`)).toBeVisible()
  await page.keyboard.press('Escape')
}
