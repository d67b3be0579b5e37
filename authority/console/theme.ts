/** The console's look shared by antd and the charts: the office's Chinese font first, the bundled Noto Sans SC where the machine has none. */
export const fontFamily = "'Segoe UI', 'Microsoft YaHei', 'PingFang SC', 'Noto Sans SC', system-ui, sans-serif";
