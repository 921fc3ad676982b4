import { Navigate, Route, Routes } from 'react-router';
import { AccountPage } from './app/Account';
import { BlocksPage } from './app/blocks/BlocksPage';
import { MinerPage } from './app/miners/MinerPage';
import { MinersPage } from './app/miners/MinersPage';
import { OverviewPage } from './app/Overview';
import { PolicyPage } from './app/policy/PolicyPage';
import { SettingsPage } from './app/settings/SettingsPage';
import { RequireAdmin, RequireSession } from './app/Shell';
import { UsersPage } from './app/Users';
import { TemplatePage } from './app/templates/TemplatePage';
import { TemplatesPage } from './app/templates/TemplatesPage';
import { VerdictPage } from './app/verdicts/VerdictPage';
import { VerdictsPage } from './app/verdicts/VerdictsPage';
import { AuthProvider } from './auth/AuthContext';
import { ForgotPage, LoginPage, RegisterPage, ResetPage, VerifyPage } from './auth/pages';
import { ThemeProvider } from './ui/theme';

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/register" element={<RegisterPage />} />
      <Route path="/verify" element={<VerifyPage />} />
      <Route path="/forgot" element={<ForgotPage />} />
      <Route path="/reset" element={<ResetPage />} />
      <Route element={<RequireSession />}>
        <Route index element={<OverviewPage />} />
        <Route path="verdicts" element={<VerdictsPage />} />
        <Route path="verdicts/:id" element={<VerdictPage />} />
        <Route path="templates" element={<TemplatesPage />} />
        <Route path="templates/:sequence" element={<TemplatePage />} />
        <Route path="policy" element={<PolicyPage />} />
        <Route path="miners" element={<MinersPage />} />
        <Route path="miners/:channelId" element={<MinerPage />} />
        <Route path="blocks" element={<BlocksPage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="account" element={<AccountPage />} />
        <Route
          path="users"
          element={
            <RequireAdmin>
              <UsersPage />
            </RequireAdmin>
          }
        />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}

export function App() {
  return (
    <ThemeProvider>
      <AuthProvider>
        <AppRoutes />
      </AuthProvider>
    </ThemeProvider>
  );
}
