/** The name under which the Electron preload exposes its bridge on `window` (kept free of imports so the preload stays tiny). */
export const bridgeGlobalName = 'kaodian';
