/** The antd controls every page model drives the same way. */
import { expect, type Page } from '@playwright/test';

/** antd puts a search box's test id on its wrapper; this finds the input either way. */
export function inputOf(page: Page, testId: string) {
  return page.locator(`[data-testid="${testId}"] input, input[data-testid="${testId}"]`);
}

/** Types into a search box and presses Enter, as a scanner does. */
export async function search(page: Page, testId: string, text: string) {
  const box = inputOf(page, testId);
  await box.fill(text);
  await box.press('Enter');
}

/**
 * Picks an option of an antd Select by (part of) its label; typing filters searchable ones.
 * Done again until the select shows the label: a click can land in the dropdown of the select
 * before, still fading out (a person was once registered as 考评员 instead of 督导员 so).
 */
export async function chooseOption(page: Page, testId: string, label: string) {
  const select = page.getByTestId(testId);
  await expect(async () => {
    await select.click();
    const input = select.locator('input');
    if (await input.isEditable().catch(() => false)) await input.fill(label);
    // antd renders the visible options outside the accessible listbox; pick the visible one.
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: label })
      .first()
      .click({ timeout: 5_000 });
    await expect(select).toContainText(label, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
}

/** Answers the next file dialog with `path`. */
export async function withFile(page: Page, path: string, open: () => Promise<void>) {
  const chooser = page.waitForEvent('filechooser');
  await open();
  await (await chooser).setFiles(path);
}

/** antd writes two-character button labels with a space ("保 存"): the buttons dialogs share. */
export const dialogButtons = { save: '保 存', cancel: '取 消', assign: '分 派', revoke: '撤 销' } as const;

export function dialogButton(page: Page, name: keyof typeof dialogButtons) {
  return page.getByRole('button', { name: dialogButtons[name] });
}

/** A correction's reason (and any fields filled before), then its confirming button. */
export async function giveReason(page: Page, reason: string) {
  await page.getByTestId('correction-reason').fill(reason);
  await page.getByTestId('correction-ok').click();
}

export function openDialogs(page: Page) {
  return page.locator('.ant-modal-wrap:visible');
}

export async function closeDialog(page: Page) {
  await page.locator('.ant-modal-close:visible').click();
}

/** The rows of an antd table, or the one with `text` in it. */
export function tableRows(page: Page, testId: string, text?: string) {
  const rows = page.getByTestId(testId).locator('.ant-table-row');
  return text === undefined ? rows : rows.filter({ hasText: text });
}
