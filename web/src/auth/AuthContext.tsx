// Who is logged in: the /auth/me answer (user, permissions, CSRF token), kept for the whole app.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setCsrfToken, setUnauthorizedHandler } from '../api/client';
import type { Me, Permission } from '../api/types';

type AuthState = { status: 'loading' } | { status: 'anonymous' } | { status: 'authenticated'; me: Me };

interface Auth {
  state: AuthState;
  me: Me | null;
  can: (permission: Permission) => boolean;
  login: (username: string, password: string) => Promise<Me>;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });

  const accept = useCallback((me: Me) => {
    setCsrfToken(me.csrf_token);
    setState({ status: 'authenticated', me });
  }, []);

  const forget = useCallback(() => {
    setCsrfToken(null);
    setState({ status: 'anonymous' });
  }, []);

  const refresh = useCallback(async () => {
    try {
      accept(await api.get<Me>('/auth/me'));
    } catch {
      forget();
    }
  }, [accept, forget]);

  useEffect(() => {
    setUnauthorizedHandler(forget);
    void refresh();
    return () => setUnauthorizedHandler(null);
  }, [forget, refresh]);

  const login = useCallback(
    async (username: string, password: string) => {
      const me = await api.post<Me>('/auth/login', { username, password });
      accept(me);
      return me;
    },
    [accept],
  );

  const logout = useCallback(async () => {
    try {
      await api.post<void>('/auth/logout');
    } finally {
      forget();
    }
  }, [forget]);

  const value = useMemo<Auth>(() => {
    const me = state.status === 'authenticated' ? state.me : null;
    return {
      state,
      me,
      can: (permission) => me?.permissions.includes(permission) ?? false,
      login,
      logout,
      refresh,
    };
  }, [state, login, logout, refresh]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
