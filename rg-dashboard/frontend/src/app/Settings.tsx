import { ThemeToggle } from '../ui/theme';

export function SettingsPage() {
  return (
    <section data-testid="page-settings">
      <h1>Settings</h1>
      <p>
        Theme: <ThemeToggle />
      </p>
      <p className="muted">Service settings are coming next.</p>
    </section>
  );
}
