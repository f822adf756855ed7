import { useEffect, useRef, useState } from 'react';
import { Card, type CardProps } from '@mui/material';
import { useResourceContext, useTranslate } from 'react-admin';

/**
 * The content card of every list (react-admin's `<List component>`, set once for the whole console in theme.ts).
 * WCAG 1.4.10: on a narrow screen a wide table scrolls sideways inside this region, never the page; the region is
 * named after the list and, while it scrolls, it can be focused to scroll it with the keyboard (WCAG 2.1.1).
 */
export const ListContent = ({ children, ...rest }: Omit<CardProps, 'sx'>) => {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  const resource = useResourceContext();
  const translate = useTranslate();
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const check = () => setScrolls(el.scrollWidth > el.clientWidth + 1);
    check();
    const resized = new ResizeObserver(check);
    resized.observe(el);
    // Rows arrive after the first render, and a wider table does not resize the card itself.
    const changed = new MutationObserver(check);
    changed.observe(el, { childList: true, subtree: true });
    return () => {
      resized.disconnect();
      changed.disconnect();
    };
  }, []);
  const label = resource ? translate(`resources.${resource}.name`, { smart_count: 2, _: resource }) : undefined;
  return (
    <Card ref={ref} role="region" aria-label={label} tabIndex={scrolls ? 0 : undefined} data-scrolls={scrolls ? 'true' : undefined} {...rest} sx={{ overflowX: 'auto', maxWidth: '100%' }}>
      {children}
    </Card>
  );
};
