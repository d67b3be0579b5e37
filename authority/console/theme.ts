/** The console's look: the accessible palette and fonts the site app uses too (shared/uiPalette.ts). */
import { accessibleTokens, uiFontFamily } from '../../shared/uiPalette';

export const fontFamily = uiFontFamily;
export const consoleTheme = { token: { ...accessibleTokens, colorTextSecondary: '#595959' } };
