/** The web application: one page per path, chosen by a small router; every page reads and writes through the HTTP API. */
import './app.css';
import type { JSX } from 'preact';
import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { session } from './api';
import { MyRequests, NewWebRequest, PhoneConfirm } from './pages/cabinet';
import { AskQuestion, ConsultationPage, ConsultationQueue, MyConsultations, Sessions } from './pages/consultations';
import { ExecutorQueue, RepairWorks } from './pages/executor';
import { CallForm, OperatorQueues, Refusal } from './pages/operator';
import { Classifier, Feed, Home, homeOf, Login, Signup, StatusLookup } from './pages/public';
import { RequestPage } from './pages/request';
import { AdminDesk, IctDesk, ManagerDesk } from './pages/staff';
import { hasRole, navigate, ROLE_UK, useLocation, useSession } from './ui';
import type { Role } from './api';

interface NavItem {
  href: string;
  label: string;
}

function navFor(role: Role | undefined): NavItem[] {
  switch (role) {
    case 'applicant':
      return [{ href: '/cabinet', label: 'Мої звернення' }, { href: '/file', label: 'Подати звернення' }, { href: '/cabinet/consultations', label: 'Консультації' }, { href: '/classifier', label: 'Класифікатор' }, { href: '/feed', label: 'Роботи й новини' }];
    case 'operator':
      return [{ href: '/operator/call', label: 'Дзвінок' }, { href: '/operator/queues', label: 'Черги' }, { href: '/operator/consultations', label: 'Консультації' }, { href: '/repair-works', label: 'Роботи' }, { href: '/feed', label: 'Новини' }, { href: '/manager', label: 'Звіти' }, { href: '/classifier', label: 'Класифікатор' }];
    case 'executor':
      return [{ href: '/executor', label: 'Черга' }, { href: '/repair-works', label: 'Роботи' }, { href: '/classifier', label: 'Класифікатор' }];
    case 'manager':
    case 'analyst':
      return [{ href: '/manager', label: 'Погодження і звіти' }, { href: '/operator/consultations', label: 'Консультації' }, { href: '/feed', label: 'Новини' }, { href: '/classifier', label: 'Класифікатор' }];
    case 'ict':
      return [{ href: '/ict', label: 'Блокування' }];
    case 'admin':
      return [{ href: '/admin', label: 'Адміністрування' }, { href: '/classifier', label: 'Класифікатор' }];
    default:
      return [{ href: '/file', label: 'Подати звернення' }, { href: '/status', label: 'Стан звернення' }, { href: '/classifier', label: 'Класифікатор' }, { href: '/feed', label: 'Роботи й новини' }];
  }
}

function Guard({ roles, children }: { roles: Role[]; children: JSX.Element }): JSX.Element {
  const s = useSession();
  if (!s) {
    return (
      <p>
        Ця сторінка — для працівників і зареєстрованих заявників. <a href={`/login?next=${encodeURIComponent(location.pathname)}`}>Увійти</a>
      </p>
    );
  }
  if (!hasRole(s, ...roles)) return <p>Ця сторінка не для ролі «{ROLE_UK[s.user.role]}». <a href={homeOf(s.user.role)}>На вашу сторінку</a></p>;
  return children;
}

function Page({ path }: { path: string }): JSX.Element {
  const p = path.split('?')[0] ?? '/';
  const req = /^\/requests\/([A-Z0-9]+-\d{4}-\d{6})$/.exec(p);
  if (req) return <RequestPage number={req[1]!} />;
  const consultation = /^\/consultations\/([A-Z0-9]+-\d{4}-\d{6,})$/.exec(p);
  if (consultation) return <Guard roles={['applicant', 'operator', 'manager', 'analyst', 'admin']}><ConsultationPage number={consultation[1]!} /></Guard>;
  switch (p) {
    case '/':
      return <Home />;
    case '/classifier':
      return <Classifier />;
    case '/status':
      return <StatusLookup />;
    case '/feed':
      return <Feed />;
    case '/login':
      return <Login />;
    case '/signup':
      return <Signup />;
    case '/file':
      return <NewWebRequest />;
    case '/cabinet':
      return <Guard roles={['applicant']}><MyRequests /></Guard>;
    case '/cabinet/phone':
      return <Guard roles={['applicant']}><PhoneConfirm /></Guard>;
    case '/cabinet/consultations':
      return <Guard roles={['applicant']}><MyConsultations /></Guard>;
    case '/consultations/new':
      return <Guard roles={['applicant', 'operator']}><AskQuestion /></Guard>;
    case '/operator/consultations':
      return <Guard roles={['operator', 'manager', 'analyst', 'admin']}><ConsultationQueue /></Guard>;
    case '/consultation-sessions':
      return <Guard roles={['applicant', 'operator', 'manager']}><Sessions /></Guard>;
    case '/operator/call':
      return <Guard roles={['operator']}><CallForm /></Guard>;
    case '/operator/queues':
      return <Guard roles={['operator']}><OperatorQueues /></Guard>;
    case '/operator/refusal':
      return <Guard roles={['operator']}><Refusal /></Guard>;
    case '/executor':
      return <Guard roles={['executor']}><ExecutorQueue /></Guard>;
    case '/repair-works':
      return <Guard roles={['executor', 'operator']}><RepairWorks /></Guard>;
    case '/manager':
      return <Guard roles={['manager', 'analyst', 'operator']}><ManagerDesk /></Guard>;
    case '/ict':
      return <Guard roles={['ict']}><IctDesk /></Guard>;
    case '/admin':
      return <Guard roles={['admin']}><AdminDesk /></Guard>;
    default:
      return <p>Сторінку не знайдено. <a href="/">На головну</a></p>;
  }
}

function App(): JSX.Element {
  const path = useLocation();
  const s = useSession();
  useEffect(() => {
    // Move focus to the new page's heading, so screen readers and keyboards start there.
    const h = document.querySelector<HTMLElement>('main h1');
    const main = document.getElementById('main');
    const pageFocused = document.activeElement && document.activeElement !== document.body && main?.contains(document.activeElement);
    if (h && !pageFocused) {
      h.tabIndex = -1;
      h.focus({ preventScroll: true });
    }
    const title = h?.textContent;
    document.title = title ? `${title} — Контакт-центр 1520` : 'Контакт-центр 1520';
  }, [path]);
  return (
    <>
      <a class="skip" href="#main">Перейти до змісту</a>
      <header class="top">
        <a href={s ? homeOf(s.user.role) : '/'} class="brand">1520 · Контакт-центр</a>
        <nav aria-label="Основна навігація">
          <ul>
            {navFor(s?.user.role).map((n) => (
              <li key={n.href}><a href={n.href} aria-current={path.split('?')[0] === n.href ? 'page' : undefined}>{n.label}</a></li>
            ))}
          </ul>
        </nav>
        <div class="who">
          {s ? (
            <>
              <span>{s.user.name} ({ROLE_UK[s.user.role]})</span>{' '}
              <button type="button" class="link" onClick={() => { session.set(null); navigate('/'); }}>Вийти</button>
            </>
          ) : (
            <a href="/login">Увійти</a>
          )}
        </div>
      </header>
      <main id="main">
        <Page path={path} />
      </main>
      <footer class="foot">Контакт-центр міста · телефон 1520 · <a href="/api/docs">API</a></footer>
    </>
  );
}

render(<App />, document.getElementById('app')!);
