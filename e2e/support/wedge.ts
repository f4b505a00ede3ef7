import { expect, type Page } from '@playwright/test'
import { GS } from '../../src/shared/gs1'

/**
 * A keyboard-wedge scanner's burst: the code's parts, GS between them typed as Ctrl+] (or inserted
 * as the GS character itself), then Enter.
 */
export async function wedgeScan(page: Page, code: string, gs: 'ctrl' | 'text' = 'ctrl'): Promise<void> {
  for (const [index, part] of code.split(GS).entries()) {
    if (index > 0 && gs === 'ctrl') await page.keyboard.press('Control+BracketRight')
    if (index > 0 && gs === 'text') await page.keyboard.insertText(GS)
    await page.keyboard.type(part)
  }
  await page.keyboard.press('Enter')
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
