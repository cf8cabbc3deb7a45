// The frame around every page: header with the user and logout, navigation grouped by area, main content.
import { useEffect, type ReactNode } from 'react';
import { Link, NavLink, useNavigate } from 'react-router';
import { useAuth } from '../auth.tsx';
import { setTimeZone } from '../format.ts';
import type { NavGroup } from '../nav.ts';
import { useStateInfo } from '../reference.ts';
import { s } from '../strings.ts';
import { ReportsNotifications } from '../pages/ReportsNotifications.tsx';

export function Shell({ groups, children }: { groups: NavGroup[]; children: ReactNode }) {
  const auth = useAuth();
  const navigate = useNavigate();
  const user = auth.user!;
  const state = useStateInfo();
  const stateInfo = auth.can('reference.read') ? state.data : undefined;

  useEffect(() => {
    if (stateInfo?.timeZone) setTimeZone(stateInfo.timeZone);
  }, [stateInfo?.timeZone]);

  const logout = async () => {
    await auth.logout();
    navigate('/', { replace: true });
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#contenido">
        {s.app.skipToContent}
      </a>
      <header className="app-header">
        <div className="brand">
          <Link to="/" className="brand-name">
            {s.app.name}
          </Link>
          <span className="brand-tagline">
            {s.app.tagline}
            {stateInfo ? ` · ${stateInfo.name}` : ''}
          </span>
        </div>
        <div className="user-box">
          <div className="user-id">
            <span className="user-name" data-testid="user-name">
              {user.display_name}
            </span>
            <span className="user-area">{user.area_name}</span>
          </div>
          <ReportsNotifications />
          <Link to="/contrasena" className="header-link">
            {s.header.changePassword}
          </Link>
          <button type="button" className="button button-quiet" onClick={logout}>
            {s.header.logout}
          </button>
        </div>
      </header>
      <div className="app-body">
        <nav className="app-nav" aria-label={s.header.mainNav}>
          {groups.map((g) => (
            <section key={g.id} className="nav-group" aria-labelledby={`nav-${g.id}`}>
              <h2 id={`nav-${g.id}`} className="nav-group-title">
                {g.label}
              </h2>
              <ul>
                {g.items.map((item) => (
                  <li key={item.path}>
                    <NavLink to={item.path} end className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}>
                      {item.label}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </nav>
        <main id="contenido" className="app-main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
