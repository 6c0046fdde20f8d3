// Routes. Each protected page is wrapped in the permission it needs; the server checks again.
import { BrowserRouter, Link, Route, Routes } from 'react-router-dom';
import { AuthProvider } from './auth/AuthContext';
import { RequireAuth, RequirePermission } from './components/guards';
import { Page } from './components/Page';
import { Shell } from './components/Shell';
import { I18nProvider, useI18n } from './i18n';
import { UserFormPage } from './pages/admin/UserFormPage';
import { UsersPage } from './pages/admin/UsersPage';
import { assetRoutes } from './pages/assets/routes';
import { AuditPage } from './pages/audit/AuditPage';
import { BandejaPage } from './pages/helpdesk/BandejaPage';
import { CatalogPage } from './pages/helpdesk/CatalogPage';
import { DashboardPage } from './pages/helpdesk/DashboardPage';
import { MyRequestsPage } from './pages/helpdesk/MyRequestsPage';
import { NewRequestPage } from './pages/helpdesk/NewRequestPage';
import { TicketPage } from './pages/helpdesk/TicketPage';
import { HomePage } from './pages/home/HomePage';
import { LoginPage } from './pages/login/LoginPage';
import { AreasPage } from './pages/org/AreasPage';
import { PeoplePage } from './pages/org/PeoplePage';
import { PersonFormPage } from './pages/org/PersonFormPage';
import { PositionPage, PositionsPage } from './pages/org/PositionsPage';
import { ProfilePage } from './pages/profile/ProfilePage';

function NotFound() {
  const { t } = useI18n();
  return (
    <Page title={t('notfound.title')}>
      <p>{t('notfound.text')}</p>
      <p>
        <Link to="/">{t('notfound.home')}</Link>
      </p>
    </Page>
  );
}

export function App() {
  return (
    <I18nProvider>
      <AuthProvider>
        <BrowserRouter>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route
              element={
                <RequireAuth>
                  <Shell />
                </RequireAuth>
              }
            >
              <Route index element={<HomePage />} />
              <Route
                path="directorio/areas"
                element={
                  <RequirePermission permission="org.read">
                    <AreasPage />
                  </RequirePermission>
                }
              />
              <Route
                path="directorio/personas"
                element={
                  <RequirePermission permission="org.read">
                    <PeoplePage />
                  </RequirePermission>
                }
              />
              <Route
                path="directorio/personas/nueva"
                element={
                  <RequirePermission permission="org.write">
                    <PersonFormPage />
                  </RequirePermission>
                }
              />
              <Route
                path="directorio/personas/:id/editar"
                element={
                  <RequirePermission permission="org.write">
                    <PersonFormPage />
                  </RequirePermission>
                }
              />
              <Route
                path="directorio/puestos"
                element={
                  <RequirePermission permission="org.read">
                    <PositionsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="directorio/puestos/:id"
                element={
                  <RequirePermission permission="org.read">
                    <PositionPage />
                  </RequirePermission>
                }
              />
              <Route
                path="admin/users"
                element={
                  <RequirePermission permission="users.write">
                    <UsersPage />
                  </RequirePermission>
                }
              />
              <Route
                path="admin/users/nuevo"
                element={
                  <RequirePermission permission="users.write">
                    <UserFormPage />
                  </RequirePermission>
                }
              />
              <Route
                path="admin/users/:id"
                element={
                  <RequirePermission permission="users.write">
                    <UserFormPage />
                  </RequirePermission>
                }
              />
              <Route
                path="audit"
                element={
                  <RequirePermission permission="audit.read">
                    <AuditPage />
                  </RequirePermission>
                }
              />
              <Route
                path="mesa/nueva"
                element={
                  <RequirePermission permission="helpdesk.request">
                    <NewRequestPage />
                  </RequirePermission>
                }
              />
              <Route
                path="mesa/solicitudes"
                element={
                  <RequirePermission permission="helpdesk.request">
                    <MyRequestsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="mesa/tickets/:id"
                element={
                  <RequirePermission permission={['helpdesk.request', 'helpdesk.read_all']}>
                    <TicketPage />
                  </RequirePermission>
                }
              />
              <Route
                path="mesa/bandeja"
                element={
                  <RequirePermission permission={['helpdesk.work', 'helpdesk.read_all']}>
                    <BandejaPage />
                  </RequirePermission>
                }
              />
              <Route
                path="mesa/tablero"
                element={
                  <RequirePermission permission="helpdesk.read_all">
                    <DashboardPage />
                  </RequirePermission>
                }
              />
              <Route
                path="mesa/catalogo"
                element={
                  <RequirePermission permission="helpdesk.manage">
                    <CatalogPage />
                  </RequirePermission>
                }
              />
              {assetRoutes()}
              <Route path="perfil" element={<ProfilePage />} />
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </AuthProvider>
    </I18nProvider>
  );
}
