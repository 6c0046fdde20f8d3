// The module's routes under /activos, each wrapped in the permission it needs (the server checks
// again). Called inside <Routes> as {assetRoutes()}. /activos/:id is the page the label's QR opens.
import { Suspense, lazy, type ReactNode } from 'react';
import { Route } from 'react-router-dom';
import { ASSETS_MANAGE, ASSETS_READ_ALL, ASSETS_READ_OWN, ASSETS_WRITE } from '../../api/assets';
import { Loading, RequirePermission } from '../../components/guards';

// The module's pages load on first use (their own chunk), with the usual "Cargando…" meanwhile.
const AssetFormPage = lazy(() => import('./AssetFormPage').then((m) => ({ default: m.AssetFormPage })));
const AssetPage = lazy(() => import('./AssetPage').then((m) => ({ default: m.AssetPage })));
const AssetsListPage = lazy(() => import('./AssetsListPage').then((m) => ({ default: m.AssetsListPage })));
const CampaignPage = lazy(() => import('./CampaignPage').then((m) => ({ default: m.CampaignPage })));
const CampaignsPage = lazy(() => import('./CampaignsPage').then((m) => ({ default: m.CampaignsPage })));
const CustodyAssignPage = lazy(() => import('./CustodyPages').then((m) => ({ default: m.CustodyAssignPage })));
const CustodyDocumentPage = lazy(() => import('./CustodyPages').then((m) => ({ default: m.CustodyDocumentPage })));
const CustodyDocumentsPage = lazy(() => import('./CustodyPages').then((m) => ({ default: m.CustodyDocumentsPage })));
const DisposalsPage = lazy(() => import('./DisposalsPage').then((m) => ({ default: m.DisposalsPage })));
const ImportPage = lazy(() => import('./ImportPage').then((m) => ({ default: m.ImportPage })));
const LabelsPage = lazy(() => import('./LabelsPage').then((m) => ({ default: m.LabelsPage })));
const LoansPage = lazy(() => import('./LoansPage').then((m) => ({ default: m.LoansPage })));
const PersonAssetsPage = lazy(() => import('./PersonAssetsPage').then((m) => ({ default: m.PersonAssetsPage })));
const TypesPage = lazy(() => import('./TypesPage').then((m) => ({ default: m.TypesPage })));

const ANY = [ASSETS_READ_OWN, ASSETS_READ_ALL] as const;

function Guard({ permission, children }: { permission: Parameters<typeof RequirePermission>[0]['permission']; children: ReactNode }) {
  return (
    <RequirePermission permission={permission}>
      <Suspense fallback={<Loading />}>{children}</Suspense>
    </RequirePermission>
  );
}

export function assetRoutes() {
  return (
    <>
      <Route path="activos" element={<Guard permission={ANY}><AssetsListPage /></Guard>} />
      <Route path="activos/mis-bienes" element={<Guard permission={ANY}><AssetsListPage mine /></Guard>} />
      <Route path="activos/nuevo" element={<Guard permission={ASSETS_WRITE}><AssetFormPage /></Guard>} />
      <Route path="activos/:id/editar" element={<Guard permission={ASSETS_WRITE}><AssetFormPage /></Guard>} />
      <Route path="activos/resguardos" element={<Guard permission={ANY}><CustodyDocumentsPage /></Guard>} />
      <Route path="activos/resguardos/asignar" element={<Guard permission={ASSETS_WRITE}><CustodyAssignPage /></Guard>} />
      <Route path="activos/resguardos/:id" element={<Guard permission={ANY}><CustodyDocumentPage /></Guard>} />
      <Route path="activos/personas/:id" element={<Guard permission={ASSETS_READ_ALL}><PersonAssetsPage /></Guard>} />
      <Route path="activos/prestamos" element={<Guard permission={ASSETS_READ_ALL}><LoansPage /></Guard>} />
      <Route path="activos/etiquetas" element={<Guard permission={ASSETS_WRITE}><LabelsPage /></Guard>} />
      <Route path="activos/levantamientos" element={<Guard permission={ASSETS_READ_ALL}><CampaignsPage /></Guard>} />
      <Route path="activos/levantamientos/:id" element={<Guard permission={[ASSETS_READ_ALL, ASSETS_WRITE]}><CampaignPage /></Guard>} />
      <Route path="activos/bajas" element={<Guard permission={ASSETS_READ_ALL}><DisposalsPage /></Guard>} />
      <Route path="activos/importar" element={<Guard permission={ASSETS_MANAGE}><ImportPage /></Guard>} />
      <Route path="activos/tipos" element={<Guard permission={ASSETS_MANAGE}><TypesPage /></Guard>} />
      <Route path="activos/:id" element={<Guard permission={ANY}><AssetPage /></Guard>} />
    </>
  );
}
