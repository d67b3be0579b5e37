/**
 * The colours and fonts both web interfaces use (the site app and the district's console), as
 * antd design tokens. System Chinese fonts first (Windows, macOS), the bundled Noto Sans SC where
 * there is none. The status colours are darker than antd's defaults so that text in them reaches
 * WCAG 2.2 AA contrast (4.5:1) on white — checked by axe-core over every screen
 * (e2e/accessibility.spec.ts, e2e/console.spec.ts); tags, which tokens do not reach, in
 * uiPalette.css. Plain values: no UI library here.
 */
export const uiFontFamily = "'Segoe UI', 'Microsoft YaHei', 'PingFang SC', 'Noto Sans SC', system-ui, sans-serif";

export const accessibleTokens = {
  colorPrimary: '#1d5fa8',
  colorInfo: '#1d5fa8',
  colorLink: '#1d5fa8',
  colorSuccess: '#2e7d32',
  colorWarning: '#874d00',
  colorError: '#c62828',
  colorTextDescription: '#595959',
  colorTextTertiary: '#595959',
  // Placeholders and empty-list text are read, not decoration: AA contrast (5.7:1) too.
  colorTextPlaceholder: '#6b6b6b',
  fontFamily: uiFontFamily,
} as const;
