// Home: a greeting, what the user's role can do, and links to what they may open.
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth/AuthContext';
import { Page } from '../../components/Page';
import { useI18n, TIME_ZONE, type MessageKey } from '../../i18n';
import { DSI_DEPARTMENTS, NAV_GROUPS, permitted } from '../../navigation';

const ROLE_SUMMARY: Record<string, MessageKey> = {
  administrador: 'role.summary.administrador',
  director: 'role.summary.director',
  jefe_departamento: 'role.summary.jefe_departamento',
  tecnico: 'role.summary.tecnico',
  mesa_ayuda: 'role.summary.mesa_ayuda',
  solicitante: 'role.summary.solicitante',
  auditor: 'role.summary.auditor',
};

function greetingKey(): MessageKey {
  const hour = Number(
    new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, hour: 'numeric', hourCycle: 'h23' }).format(new Date()),
  );
  if (hour < 12) return 'home.greeting.morning';
  if (hour < 19) return 'home.greeting.afternoon';
  return 'home.greeting.evening';
}

export function HomePage() {
  const { t } = useI18n();
  const { me, can } = useAuth();
  if (!me) return null;
  const links = NAV_GROUPS.flatMap((g) => g.links).filter((l) => l.to !== '/' && permitted(can, l.permission));
  const summary = ROLE_SUMMARY[me.user.role] ?? 'role.summary.other';

  return (
    <Page title={t(greetingKey(), { name: me.user.display_name })}>
      <section className="card" aria-labelledby="home-role">
        <h2 id="home-role">{t('home.role', { role: me.user.role_name })}</h2>
        <p>{t(summary)}</p>
        {me.user.area_name ? <p>{t('home.area', { area: me.user.area_name })}</p> : null}
      </section>
      <section aria-labelledby="home-links">
        <h2 id="home-links">{t('home.links')}</h2>
        <ul className="link-cards">
          {links.map((l) => (
            <li key={l.to} className="card">
              <Link to={l.to}>{t(l.label)}</Link>
              <p>{t(l.description)}</p>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="home-coming">
        <h2 id="home-coming">{t('home.coming')}</h2>
        <p>{t('home.coming.text')}</p>
        <ul className="coming-list">
          {DSI_DEPARTMENTS.flatMap((d) =>
            d.modules.map((m) => (
              <li key={m}>
                {t(m)} <span className="muted">({t(d.name)})</span>
              </li>
            )),
          )}
        </ul>
      </section>
    </Page>
  );
}
