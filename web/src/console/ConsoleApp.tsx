// The review console shell: sign-in, navigation, and the page for the current path.
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../lib/api.ts';
import { AuditPage } from './AuditPage.tsx';
import { CasePage } from './CasePage.tsx';
import { Dashboard } from './Dashboard.tsx';
import { QueuePage } from './QueuePage.tsx';
import { navigate, usePath } from './router.ts';
import { ReportsPage } from './ReportsPage.tsx';
import { RuleEditor } from './RuleEditor.tsx';
import type { User } from './types.ts';

export default function ConsoleApp() {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const path = usePath();
  useEffect(() => {
    document.documentElement.lang = 'en';
    document.title = 'Chainbreak console';
    api<{ user: User | null }>('GET', '/console/api/session')
      .then((r) => setUser(r.user))
      .catch(() => setUser(null));
  }, []);
  if (user === undefined) return <p className="loading">Loading…</p>;
  if (user === null) return <SignIn onSignedIn={setUser} />;

  const caseMatch = /^\/cases\/(.+)$/.exec(path);
  return (
    <div className="console">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="topbar">
        <strong className="brand">Chainbreak</strong>
        <nav aria-label="Console">
          {[
            ['/', 'Queue'],
            ['/dashboard', 'Dashboard'],
            ['/reports', 'Victim reports'],
            ['/rules', 'Rules'],
            ['/audit', 'Audit log'],
          ].map(([href, label]) => (
            <a key={href} href={href} aria-current={path === href ? 'page' : undefined} onClick={(e) => (e.preventDefault(), navigate(href))}>
              {label}
            </a>
          ))}
        </nav>
        <span className="who">
          {user.username} ({user.role}){' '}
          <button type="button" className="link" onClick={() => void api('DELETE', '/console/api/session').then(() => setUser(null))}>
            Sign out
          </button>
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        {caseMatch ? (
          <CasePage id={decodeURIComponent(caseMatch[1])} user={user} />
        ) : path === '/dashboard' ? (
          <Dashboard />
        ) : path === '/rules' ? (
          <RuleEditor />
        ) : path === '/reports' ? (
          <ReportsPage />
        ) : path === '/audit' ? (
          <AuditPage user={user} />
        ) : (
          <QueuePage user={user} />
        )}
      </main>
    </div>
  );
}

function SignIn({ onSignedIn }: { onSignedIn: (user: User) => void }) {
  const [error, setError] = useState<string | null>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    try {
      const { user } = await api<{ user: User }>('POST', '/console/api/session', { username: data.get('username'), password: data.get('password') });
      onSignedIn(user);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'sign-in failed');
    }
  }
  return (
    <main className="signin" id="main">
      <h1>Chainbreak console</h1>
      <form onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor="username">User name</label>
          <input id="username" name="username" autoComplete="username" required />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </div>
        <button type="submit" className="primary">
          Sign in
        </button>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </form>
      <p className="muted">
        Victim? The public help page is at <a href="/help">/help</a>.
      </p>
    </main>
  );
}
