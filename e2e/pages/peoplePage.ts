/** Page model of 人员: registering people with their PINs, and the employment-priority code list. */
import { expect, type Page } from '@playwright/test';
import { chooseOption, dialogButton, giveReason, tableRows } from './controls';

export interface NewPerson {
  name: string;
  role: '考评员' | '督导员';
  pin: string;
  trainingUnit?: string;
}

export function peoplePage(page: Page) {
  const people = {
    table: () => page.getByTestId('people-table'),
    /** Registers a person and waits until the table shows them. */
    async register({ name, role, pin, trainingUnit }: NewPerson) {
      await page.getByTestId('register-person').click();
      await page.getByTestId('person-name').fill(name);
      await chooseOption(page, 'person-role', role);
      if (trainingUnit) await page.getByTestId('person-training-unit').fill(trainingUnit);
      await page.getByTestId('person-pin').fill(pin);
      await dialogButton(page, 'save').click();
      await expect(people.table()).toContainText(name);
    },
    /** PINs stay on their device: a manager sets one here for a person who came in a package. */
    async setPin(name: string, pin: string) {
      await tableRows(page, 'people-table', name).getByRole('button', { name: '设置 PIN' }).click();
      await page.getByTestId('set-pin').fill(pin);
      await dialogButton(page, 'save').click();
      await expect(page.getByText(`已为 ${name} 设置 PIN 码`)).toBeVisible();
    },
    /** Corrects a person's employer, with the reason. */
    async correctEmployer(name: string, employer: string, reason: string) {
      await page.getByTestId(`correct-${name}`).click();
      await page.getByTestId('correct-employer').fill(employer);
      await giveReason(page, reason);
    },
    async deactivate(name: string, reason: string) {
      await page.getByTestId(`deactivate-${name}`).click();
      await giveReason(page, reason);
    },
    inactiveTag: (name: string) => page.getByTestId(`inactive-${name}`),
    priorityGroups: () => page.getByTestId('priority-groups'),
    async addPriorityGroup(code: string, zh: string) {
      await page.getByTestId('code-list-code').fill(code);
      await page.getByTestId('code-list-zh').fill(zh);
      await page.getByTestId('code-list-add').click();
    },
  };
  return people;
}
