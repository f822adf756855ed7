import { Fragment, type ReactNode } from 'react';

const MARK = '\u0001';

/** A placeholder value that `<Rich>` replaces by an element: `translate(key, { order: mark('order') })`. */
export const mark = (name: string): string => `${MARK}${name}${MARK}`;

/** A translated sentence with elements (links, bold numbers) where its placeholders were, whatever the word order. */
export const Rich = ({ text, parts }: { text: string; parts: Record<string, ReactNode> }) => (
  <>{text.split(MARK).map((s, i) => (i % 2 ? <Fragment key={i}>{parts[s] ?? null}</Fragment> : s))}</>
);
