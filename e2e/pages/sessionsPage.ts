/**
 * Page model of 考核场次: the sessions list, a session's page and its tabs (名册, 考评人员安排, 签到,
 * 成绩, 记录与导出), opening with the device clock confirmed, and closing with countersignatures.
 */
import { expect, type Page } from '@playwright/test';
import {
  chooseOption,
  closeDialog,
  dialogButton,
  dialogButtons,
  giveReason,
  inputOf,
  search,
  tableRows,
  withFile,
} from './controls';

const tabs = {
  roster: '考生名册',
  assignments: '考评人员安排',
  checkin: '签到',
  results: '成绩',
  records: '记录与导出',
  publication: '公示与复核',
} as const;
export type SessionTab = keyof typeof tabs;

export interface NewSession {
  name: string;
  room?: string;
  planned: number;
}

export type RecordPdf =
  'summary' | 'sheet' | 'checkin' | 'supervision' | 'incident' | 'tickets' | 'staff' | 'passers' | 'subsidy';
export type ExportTable = 'results' | 'roster' | 'passers' | 'subsidy';

export function sessionsPage(page: Page) {
  const sessions = {
    table: () => page.getByTestId('sessions-table'),
    async open(name: string) {
      await sessions.table().getByText(name).click();
    },
    async create({ name, room, planned }: NewSession) {
      await page.getByTestId('create-session').click();
      await page.getByTestId('session-name').fill(name);
      if (room) await page.getByTestId('session-room').fill(room);
      await page.getByTestId('session-planned').fill(String(planned));
      await page.getByTestId('session-save').click();
    },
    async importPlan(file: string) {
      await withFile(page, file, () => page.getByTestId('import-plan').click());
    },
    /** Clicks 导入计划 with nothing to choose (the app refuses first, e.g. before enrolment). */
    async tryImportPlan() {
      await page.getByTestId('import-plan').click();
    },
    detail: () => page.getByTestId('session-detail'),
    status: () => page.getByTestId('session-status'),
    async tab(name: keyof typeof tabs) {
      await page.getByRole('tab', { name: tabs[name] }).click();
    },

    // 开考: the device clock is shown and confirmed first.
    deviceClock: () => page.getByTestId('device-clock'),
    openButton: () => page.getByTestId('open-session'),
    async confirmClock() {
      await page.getByTestId('confirm-clock').click();
    },
    async startOpening() {
      await sessions.openButton().click();
      await expect(sessions.deviceClock()).toBeVisible();
      await sessions.confirmClock();
    },
    /** Opened if it was not yet (the demo session may be). */
    async openIfNotOpen() {
      if (await sessions.openButton().isVisible()) {
        await sessions.startOpening();
        await expect(sessions.status()).toHaveText('考核中');
      }
    },

    // 考生名册
    roster: {
      count: () => page.getByTestId('roster-count'),
      table: () => page.getByTestId('roster-table'),
      rows: () => tableRows(page, 'roster-table'),
      search: () => inputOf(page, 'roster-search'),
      fileInfo: () => page.getByTestId('roster-file-info'),
      summary: () => page.getByTestId('roster-summary'),
      preview: () => page.getByTestId('roster-preview'),
      confirmButton: () => page.getByTestId('roster-confirm'),
      /** Opens the import dialog and chooses the file (the file's encoding and rows are shown). */
      async choose(file: string) {
        await page.getByTestId('roster-import').click();
        await withFile(page, file, () => page.getByTestId('roster-choose-file').click());
      },
      /** From the chosen file to the checked preview. */
      async check() {
        await page.getByTestId('roster-next').click();
      },
      async chooseAndCheck(file: string) {
        await sessions.roster.choose(file);
        await sessions.roster.check();
      },
      async confirm() {
        await sessions.roster.confirmButton().click();
      },
      async cancel() {
        await closeDialog(page);
      },
      addProblems: () => page.getByTestId('add-candidate-problems'),
      /** 补录考生: the form's code lists are selects; sex and birth date only for a document other than the ID card. */
      async addCandidate(c: {
        name: string;
        idType?: string;
        idNumber: string;
        sex?: '男' | '女';
        birthDate?: string;
        education?: string;
      }) {
        if (!(await page.getByTestId('add-name').isVisible())) await page.getByTestId('add-candidate').click();
        await page.getByTestId('add-name').fill(c.name);
        if (c.idType) await chooseOption(page, 'add-id-type', c.idType);
        await page.getByTestId('add-id-number').fill(c.idNumber);
        if (c.sex) await chooseOption(page, 'add-sex', c.sex);
        if (c.birthDate) {
          const birth = page.getByTestId('add-birth-date');
          await birth.click();
          await birth.fill(c.birthDate);
          await birth.press('Tab');
        }
        if (c.education) await chooseOption(page, 'add-education', c.education);
        await page.getByTestId('add-candidate-ok').click();
      },
      empty: () => page.getByText('名册为空。请导入名册文件。'),
      withdrawn: () => page.getByTestId('withdrawn-candidates'),
      withdrawButton: (ticket: string) => page.getByTestId(`withdraw-${ticket}`),
      async withdraw(ticket: string, reason: string) {
        await sessions.roster.withdrawButton(ticket).click();
        await giveReason(page, reason);
      },
    },

    // 考评人员安排
    assignments: {
      examiners: () => page.getByTestId('examiners-table'),
      problems: () => page.getByTestId('staffing-problems'),
      staffingOk: () => page.getByText('考评人员配备符合要求'),
      /** Assigns a person; an examiner to group A unless another group is named. */
      async assign(role: 'examiner' | 'supervisor', name: string, group?: string) {
        await page.getByTestId(role === 'examiner' ? 'add-examiner' : 'add-supervisor').click();
        await chooseOption(page, 'assign-person', name);
        if (group) await page.getByTestId('assign-group').fill(group);
        await dialogButton(page, 'assign').click();
      },
      allocation: () => page.getByTestId('group-allocation'),
      allocationCounts: () => page.getByTestId('allocation-counts'),
      async allocateEvenly() {
        await page.getByTestId('allocate-evenly').click();
      },
      async makeLeader(name: string) {
        await page.getByTestId(`make-leader-${name}`).click();
      },
      async revoke(name: string, reason: string) {
        await page.getByTestId(`revoke-${name}`).click();
        await page.getByRole('dialog').getByRole('textbox').fill(reason);
        await page.getByRole('dialog').getByRole('button', { name: dialogButtons.revoke }).click();
      },
      async cancel() {
        await dialogButton(page, 'cancel').click();
      },
    },

    // 签到
    checkin: {
      card: () => page.getByTestId('checkin-card'),
      idNumber: () => page.getByTestId('checkin-id'),
      idDiffers: () => page.getByTestId('checkin-id-differs'),
      idUnchecked: () => page.getByTestId('checkin-id-unchecked'),
      identityReason: () => page.getByTestId('checkin-identity-reason'),
      changeReason: () => page.getByTestId('checkin-change-reason'),
      notFound: () => page.getByTestId('checkin-not-found'),
      counts: () => page.getByTestId('checkin-counts'),
      list: () => page.getByTestId('checkin-list'),
      attendanceWarning: () => page.getByTestId('attendance-warning'),
      presentButton: () => page.getByTestId('mark-present'),
      photo: () => page.getByTestId('checkin-photo'),
      /** By ticket or ID number, as a scanner types it. */
      async find(ticketOrId: string) {
        await search(page, 'checkin-search', ticketOrId);
      },
      /** Types the number on the candidate's ID card, which here is the roster's (a genuine card). */
      async typeCardId() {
        await sessions.checkin.idNumber().fill((await page.getByTestId('checkin-roster-id').textContent()) ?? '');
      },
      /** Admitting without a matching ID: the manager's reason, confirmed with the manager's PIN. */
      async admitAnyway(reason: string, pin: string) {
        await sessions.checkin.identityReason().fill(reason);
        await sessions.checkin.presentButton().click();
        await page.getByTestId('pin-confirm-pin').fill(pin);
        await page.getByTestId('pin-confirm-ok').click();
      },
      async markSubstituted() {
        await page.getByTestId('mark-substituted').click();
      },
      async signPledge() {
        await page.getByTestId('checkin-pledge').click();
      },
      async markPresent() {
        await sessions.checkin.presentButton().click();
      },
      async markAbsent() {
        await page.getByTestId('mark-absent').click();
      },
      async takePhoto() {
        await page.getByTestId('open-camera').click();
        await page.getByTestId('capture-photo').click();
      },
      /** Found, the ID card checked, pledge signed, present; the card is gone after. */
      async present(ticket: string) {
        await sessions.checkin.find(ticket);
        await sessions.checkin.typeCardId();
        await sessions.checkin.signPledge();
        await sessions.checkin.markPresent();
        await expect(sessions.checkin.card()).toHaveCount(0);
      },
      async absent(ticket: string) {
        await sessions.checkin.find(ticket);
        await sessions.checkin.markAbsent();
        await expect(sessions.checkin.card()).toHaveCount(0);
      },
    },

    // 成绩, and closing the session
    results: {
      summary: () => page.getByTestId('results-summary'),
      rows: () => tableRows(page, 'results-table'),
      row: (ticket: string) => tableRows(page, 'results-table', ticket),
      closeProblem: () => page.getByTestId('close-problem'),
      async startClosing() {
        await page.getByTestId('close-session').click();
      },
      /** The manager's and the supervisor's PINs, then 会签结束. */
      async countersign(managerPin: string, supervisorPin: string) {
        await page.getByTestId('close-manager-pin').fill(managerPin);
        await page.getByTestId('close-supervisor-pin').fill(supervisorPin);
        await page.getByTestId('countersign-close').click();
      },
    },

    // 记录与导出
    records: {
      async chooseCandidate(ticket: string) {
        await chooseOption(page, 'records-candidate', ticket);
      },
      async chooseFormat(label: 'Excel' | 'CSV UTF-8' | 'CSV GB18030') {
        await page.getByTestId('export-format').getByText(label).click();
      },
      savePdfButton: (kind: RecordPdf) => page.getByTestId(`save-${kind}`),
      exportButton: (table: ExportTable) => page.getByTestId(`export-${table}`),
      async setFee(yuan: number) {
        await page.getByTestId('assessment-fee').fill(String(yuan));
        await page.getByTestId('assessment-fee').blur();
      },
    },

    // 公示与复核
    publication: {
      period: () => page.getByTestId('publication-period'),
      reviews: () => page.getByTestId('reviews-table'),
      savePdfButton: () => page.getByTestId('save-publication'),
      /** Publishes from `day` (YYYY-MM-DD) with the default periods. */
      async publish(day: string) {
        const from = page.getByTestId('publication-from');
        await from.click();
        await from.fill(day);
        // Enter takes the typed day and, in this form, submits it as a person pressing Enter would.
        await from.press('Enter');
        const publish = page.getByTestId('publish-results');
        await expect(async () => {
          if (await publish.isVisible()) await publish.click({ timeout: 1_000 });
          await expect(sessions.publication.period()).toBeVisible({ timeout: 1_000 });
        }).toPass({ timeout: 15_000 });
      },
      async recordRequest(ticket: string, about: string) {
        await page.getByTestId('record-review').click();
        await chooseOption(page, 'review-candidate', ticket);
        await page.getByTestId('review-about').fill(about);
        await page.getByTestId('save-review-request').click();
        await expect(sessions.publication.reviews()).toContainText(about);
      },
      /** The group leader's decision: the corrected items, the reason, then the leader's PIN. */
      async decide(items: Record<string, number>, reason: string, leaderPin: string) {
        await page.getByTestId('decide-review').click();
        await page.getByTestId('review-outcome').getByText('更改成绩').click();
        for (const [item, points] of Object.entries(items)) {
          await page.getByTestId('review-add-item').click();
          await chooseOption(page, 'review-item', item);
          await page.getByTestId('review-points').last().fill(String(points));
        }
        await page.getByTestId('review-reason').fill(reason);
        await page.getByTestId('review-decision-next').click();
        await page.getByTestId('pin-confirm-pin').fill(leaderPin);
        await page.getByTestId('pin-confirm-ok').click();
        await expect(sessions.publication.reviews()).toContainText('待督导员会签');
      },
      async countersign(supervisorPin: string) {
        await page.getByTestId('countersign-review').click();
        await page.getByTestId('pin-confirm-pin').fill(supervisorPin);
        await page.getByTestId('pin-confirm-ok').click();
      },
    },
  };
  return sessions;
}
