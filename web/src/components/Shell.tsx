// The frame around every signed-in page: skip link, top bar, permission-aware navigation.
import { useEffect, useState } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/AuthContext';
import { useI18n, type Lang } from '../i18n';
import { DSI_DEPARTMENTS, NAV_GROUPS, permitted } from '../navigation';

export function LanguageSelect({ id }: { id: string }) {
  const { t, lang, setLang } = useI18n();
  return (
    <div className="lang-select">
      <label htmlFor={id}>{t('lang.label')}</label>
      <select id={id} value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
        <option value="es">Español (México)</option>
        <option value="en">English</option>
      </select>
    </div>
  );
}

export function Shell() {
  const { t } = useI18n();
  const { me, can, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);

  useEffect(() => setMenuOpen(false), [location.pathname]);

  async function onLogout() {
    await logout().catch(() => undefined);
    navigate('/login', { replace: true });
  }

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('shell.skip')}
      </a>
      <header className="topbar">
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="sidenav"
          onClick={() => setMenuOpen((o) => !o)}
        >
          {t('shell.menu')}
        </button>
        <div className="brand">
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-sub">{t('app.org')}</span>
        </div>
        <div className="user-box">
          <span className="user-name" data-testid="current-user">
            {me?.user.display_name} <span className="user-role">({me?.user.role_name})</span>
          </span>
          <LanguageSelect id="lang-top" />
          <button type="button" className="button button--secondary" onClick={() => void onLogout()}>
            {t('shell.logout')}
          </button>
        </div>
      </header>
      <div className="layout">
        <nav id="sidenav" className={`sidenav${menuOpen ? ' sidenav--open' : ''}`} aria-label={t('shell.nav')}>
          {NAV_GROUPS.map((group) => {
            const links = group.links.filter((l) => permitted(can, l.permission));
            if (!links.length) return null;
            return (
              <div className="nav-group" key={group.label}>
                <h2 className="nav-heading">{t(group.label)}</h2>
                <ul>
                  {links.map((l) => (
                    <li key={l.to}>
                      <NavLink to={l.to} end={l.to === '/' || l.to === '/activos'}>
                        {t(l.label)}
                      </NavLink>
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
          <div className="nav-group nav-group--departments">
            <h2 className="nav-heading">{t('nav.group.departments')}</h2>
            {DSI_DEPARTMENTS.map((d) => (
              <div className="nav-department" key={d.name}>
                <h3>{t(d.name)}</h3>
                <ul>
                  {d.modules.map((m) => (
                    <li key={m}>
                      <span className="nav-unavailable" aria-disabled="true">
                        {t(m)} <span className="badge">{t('module.unavailable')}</span>
                      </span>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        </nav>
        <main id="main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
      <footer className="footer">{t('app.footer')}</footer>
    </div>
  );
}
