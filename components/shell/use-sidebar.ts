'use client';
/**
 * Whether the app sidebar is folded into its rail in the designer, remembered in this
 * browser (localStorage `baton.sidebar.designerCollapsed`: `1` folded, `0` open). The
 * designer starts folded until the person opens it.
 */
import { useCallback, useEffect, useState } from 'react';

const KEY = 'baton.sidebar.designerCollapsed';

/** [collapsed, toggle]. Before the stored value is read (first render) the sidebar counts as folded. */
export function useSidebarCollapsed(): [boolean, () => void] {
  const [collapsed, setCollapsed] = useState(true);
  useEffect(() => {
    setCollapsed(window.localStorage.getItem(KEY) !== '0');
  }, []);
  const toggle = useCallback(() => {
    setCollapsed((c) => {
      window.localStorage.setItem(KEY, c ? '0' : '1');
      return !c;
    });
  }, []);
  return [collapsed, toggle];
}
