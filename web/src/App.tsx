// Top level: the login and forced password change screens, then the shell with the sections the user may open.
import { Navigate, Route, Routes } from 'react-router';
import { useAuth } from './auth.tsx';
import { FiltersProvider } from './filters.tsx';
import { NAV, PORTAL_NAV, allowed, visibleNav } from './nav.ts';
import { Shell } from './components/Shell.tsx';
import { Message } from './components/Message.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { ChangePasswordPage } from './pages/ChangePasswordPage.tsx';
import { s } from './strings.ts';

export function App() {
  const auth = useAuth();

  if (auth.status === 'loading') {
    return (
      <p className="page-loading" role="status">
        {s.app.loading}
      </p>
    );
  }
  if (auth.status === 'anonymous' || !auth.user) return <LoginPage />;
  if (auth.user.must_change_password) return <ChangePasswordPage forced />;

  // An external agency's account gets the portal's navigation and routes, and nothing of the center's.
  const nav = auth.user.area_code === 'EXT' ? PORTAL_NAV : NAV;
  const groups = visibleNav(auth.can, nav);
  const home = groups[0]?.items[0]?.path;

  return (
    <FiltersProvider>
      <Shell groups={groups}>
        <Routes>
          <Route path="/" element={home ? <Navigate to={home} replace /> : <Message kind="info">{s.app.noSections}</Message>} />
          {nav.flatMap((g) => g.items).map((item) => (
            <Route
              key={item.path}
              path={item.path}
              element={allowed(item, auth.can) ? <item.page /> : <Message kind="error">{s.app.noPermission}</Message>}
            />
          ))}
          <Route path="/contrasena" element={<ChangePasswordPage />} />
          <Route path="*" element={<Message kind="info">{s.app.notFound}</Message>} />
        </Routes>
      </Shell>
    </FiltersProvider>
  );
}
