// One bundle entry, two apps: /help is the public victim page, everything else is the review console.
// Each is a separate chunk, so the help page never downloads the console's code.
import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';

const HelpApp = lazy(() => import('./help/HelpApp.tsx'));
const ConsoleApp = lazy(() => import('./console/ConsoleApp.tsx'));

const isHelp = window.location.pathname === '/help' || window.location.pathname.startsWith('/help/');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Suspense fallback={<p className="loading">…</p>}>{isHelp ? <HelpApp /> : <ConsoleApp />}</Suspense>
  </StrictMode>,
);
