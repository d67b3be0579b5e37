import type { zhCN } from './zh-CN';

/** English — the second language. Same keys as zh-CN.ts (the type makes a missing key an error). */
export const en: typeof zhCN = {
  app: {
    name: 'Kaodian',
    fullName: 'Kaodian · Vocational Skill Assessment Site',
    loading: 'Opening the data on this device…',
    startFailed: 'The database on this device could not be opened',
    startFailedHint: 'Close any other window of this app and try again; if it persists, call support and do not clear the browser data.',
  },
  nav: {
    home: 'Home',
    device: 'This device',
    language: 'Language',
  },
  language: {
    'zh-CN': '简体中文',
    en: 'English',
  },
  setup: {
    title: 'First start: set up the site',
    intro: 'Enter the basic details of this assessment site. They are kept on this device and used in the records and sync packages.',
    siteCode: 'Site code',
    siteCodeHelp: 'Assigned by the district authority, for example WH-0301',
    siteName: 'Site name',
    siteNamePlaceholder: 'e.g. Weihai Vocational Skills Training Centre',
    district: 'District',
    districtPlaceholder: 'e.g. Huancui District',
    language: 'Language',
    submit: 'Save and continue',
    saving: 'Saving…',
    saveFailed: 'Could not save: {{message}}',
  },
  home: {
    title: 'Home',
    welcome: 'Welcome to Kaodian',
    site: 'Site',
    siteCode: 'Site code',
    district: 'District',
    nextSteps: 'Next: set up the assessment specification, sessions and the roster.',
  },
  device: {
    title: 'This device',
    shell: 'Running as',
    shellElectron: 'Desktop app (Electron {{version}})',
    shellBrowser: 'Browser mode ({{version}})',
    persistence: 'Persistent storage',
    persisted: 'Granted: the browser will not evict this device’s data',
    notPersisted: 'Not granted: the browser may evict data when the disk is full; sync or export soon',
    persistenceUnknown: 'This environment cannot report persistent storage',
    usage: 'Storage used',
    usageValue: '{{usage}} of {{quota}} available',
    databaseVersion: 'Database version',
    unknown: 'unknown',
  },
  validation: {
    siteCodeFormat: 'The site code is 2–32 letters, digits or hyphens',
    siteNameRequired: 'Enter the site name',
    districtRequired: 'Enter the district',
    tooLong: 'Too long',
  },
};
