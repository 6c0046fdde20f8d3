// Mesa de servicio › Catálogo y SLA (helpdesk.manage): categories with their extra fields,
// queues, calendar and SLA targets, days off, and recurring tickets — one section at a time.
import { Link, useSearchParams } from 'react-router-dom';
import { Page } from '../../components/Page';
import { useI18n, type MessageKey } from '../../i18n';
import { CategoriesAdmin } from './CategoriesAdmin';
import { DaysOffAdmin } from './DaysOffAdmin';
import { useCategories, useQueues } from './hooks';
import { QueuesAdmin } from './QueuesAdmin';
import { RecurringAdmin } from './RecurringAdmin';
import { SettingsAdmin } from './SettingsAdmin';

const SECTIONS: [string, MessageKey][] = [
  ['categorias', 'hd.cat.tab.categories'],
  ['colas', 'hd.cat.tab.queues'],
  ['horario', 'hd.cat.tab.settings'],
  ['dias', 'hd.cat.tab.days'],
  ['recurrentes', 'hd.cat.tab.recurring'],
];

export function CatalogPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const section = SECTIONS.some(([s]) => s === params.get('seccion')) ? params.get('seccion')! : 'categorias';
  const queues = useQueues();
  const categories = useCategories(true);

  return (
    <Page title={t('hd.cat.title')}>
      <nav className="hd-tabs" aria-label={t('hd.cat.sections')}>
        <ul>
          {SECTIONS.map(([s, label]) => (
            <li key={s}>
              <Link to={`/mesa/catalogo?seccion=${s}`} aria-current={s === section ? 'page' : undefined}>
                {t(label)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {section === 'categorias' ? <CategoriesAdmin queues={queues.data} /> : null}
      {section === 'colas' ? <QueuesAdmin queues={queues} /> : null}
      {section === 'horario' ? <SettingsAdmin /> : null}
      {section === 'dias' ? <DaysOffAdmin /> : null}
      {section === 'recurrentes' ? <RecurringAdmin categories={categories.data} /> : null}
    </Page>
  );
}
