import './app/zodJitless';
// The Chinese UI font ships with the app (split by unicode range, loaded only where the
// machine has no Chinese font of its own), so no site sees empty boxes for characters.
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/600.css';
import '../shared/uiPalette.css';
import './app/global.css';
import i18next from 'i18next';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { boot } from './app/boot';
import { MigrationScreen } from './app/MigrationScreen';
import { StartFailure } from './app/StartFailure';
import { initI18n } from './i18n';

const root = createRoot(document.getElementById('root')!);
const failed = async (error: unknown) => {
  console.error('start-up failed', error);
  if (!i18next.isInitialized) await initI18n();
  root.render(<StartFailure error={error} />);
};
boot((moved, total) => root.render(<MigrationScreen moved={moved} total={total} />)).then(({ ledgerOpened }) => {
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  // The sign-in screen may show before the ledger has loaded: a failure to load it still ends here.
  ledgerOpened.catch(failed);
}, failed);
