/** Personal settings: API keys and password, under one tab strip. */
import type { ReactNode } from 'react';
import { SettingsTabs } from '@/components/settings/settings-tabs';

export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <div>
      <SettingsTabs />
      {children}
    </div>
  );
}
