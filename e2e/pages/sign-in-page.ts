import { expect, type Page } from '@playwright/test'

export class SignInPage {
  constructor(private readonly page: Page) {}

  /** Picks the person with the keyboard, as a dispenser would, and types the PIN. */
  async signInAs(displayName: string, pin: string): Promise<void> {
    const people = this.page.getByRole('listbox', { name: 'Who are you?' })
    await expect(people).toBeVisible()
    const pin_ = this.page.getByLabel('PIN or password')
    await pin_.focus()
    for (let i = 0; i < 10; i++) {
      if ((await people.getByRole('option', { selected: true }).textContent()) === displayName) break
      await this.page.keyboard.press('ArrowDown')
    }
    await expect(people.getByRole('option', { selected: true })).toHaveText(displayName)
    await pin_.fill(pin)
    await this.page.keyboard.press('Enter')
  }
}
