// Route guards. The server refuses too; these only keep the UI honest and explain why.
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import type { Permission } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { useI18n } from '../i18n';
import { Page } from './Page';

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  const location = useLocation();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'anonymous') {
    const next = location.pathname + location.search;
    return <Navigate to={next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login'} replace />;
  }
  return <>{children}</>;
}

export function Forbidden() {
  const { t } = useI18n();
  return (
    <Page title={t('forbidden.title')}>
      <div className="alert alert--error" role="alert">
        <p>{t('forbidden.message')}</p>
      </div>
    </Page>
  );
}

/** Shows the page only with `permission` (with a list, any one of them). */
export function RequirePermission({ permission, children }: { permission: Permission | readonly Permission[]; children: ReactNode }) {
  const { can } = useAuth();
  const allowed = typeof permission === 'string' ? can(permission) : permission.some((p) => can(p));
  if (!allowed) return <Forbidden />;
  return <>{children}</>;
}
