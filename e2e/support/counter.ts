import { expect, type Page } from '@playwright/test'
import { RequestPage } from '../pages/request-page'
import { SignInPage } from '../pages/sign-in-page'
import { WorklistPage } from '../pages/worklist-page'

/** Hands the counter to another person: sign out, sign in, wait for the worklist. */
export async function signOutAndIn(page: Page, name: string, pin: string): Promise<void> {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click()
  await new SignInPage(page).signInAs(name, pin)
  await new WorklistPage(page).expectLoaded()
}

/** Opens a request from the worklist by its reference, with the keyboard. */
export async function openRequest(page: Page, id: string): Promise<RequestPage> {
  // The search may still hold an earlier person's text: replace it, leave the field, Enter opens the match.
  await page.getByLabel('Search requests').fill(id)
  await page.keyboard.press('Escape')
  await expect(new WorklistPage(page).rows()).toHaveCount(1)
  await page.keyboard.press('Enter')
  const request = new RequestPage(page, id)
  await request.expectOpen()
  return request
}
