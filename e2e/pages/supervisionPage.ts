/** Page model of 督导: the supervisor's notes, misconduct actions and inspection checklist. */
import { expect, type Page } from '@playwright/test';
import { chooseOption } from './controls';

export function supervisionPage(page: Page) {
  const supervision = {
    notes: () => page.getByTestId('notes-list'),
    misconduct: () => page.getByTestId('misconduct-list'),
    checklistDone: () => page.getByTestId('checklist-done'),
    async addNote(text: string, ticket: string) {
      await page.getByTestId('add-note').click();
      await page.getByTestId('note-text').fill(text);
      await chooseOption(page, 'note-candidate', ticket);
      await page.getByTestId('note-save').click();
    },
    async addMisconduct(ticket: string, action: string, reason: string) {
      await page.getByTestId('add-misconduct').click();
      await chooseOption(page, 'misconduct-candidate', ticket);
      await chooseOption(page, 'misconduct-action', action);
      await page.getByTestId('misconduct-reason').fill(reason);
      await page.getByTestId('misconduct-save').click();
    },
    async confirmMisconduct() {
      await page.getByTestId('confirm-misconduct').first().click();
    },
    async completeChecklist(labels: readonly string[]) {
      for (const label of labels) await page.getByTestId('checklist').getByText(label).click();
      await page.getByTestId('complete-checklist').click();
      await expect(supervision.checklistDone()).toBeVisible();
    },
  };
  return supervision;
}
