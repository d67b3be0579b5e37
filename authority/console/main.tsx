// The Chinese UI font ships with the console too (split by unicode range, used only where the
// machine has no Chinese font), as with the app.
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/600.css';
import '../../shared/uiPalette.css';
import './console.css';
import { z } from 'zod';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initI18n } from './i18n';

// No `new Function` under the console's CSP (as in the app: renderer/app/zodJitless.ts).
z.config({ jitless: true });

const language = localStorage.getItem('kaodian.console.language') === 'en' ? 'en' : 'zh-CN';
void initI18n(language).then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
