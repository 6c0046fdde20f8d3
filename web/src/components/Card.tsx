// A card: a section of a page named by its own heading.
import type { ReactNode } from 'react';

interface Props {
  /** The heading's id, by which the section is named. */
  id: string;
  title: string;
  /** Extra classes besides "card" (e.g. "form-card"). */
  className?: string;
  children: ReactNode;
}

export function Card({ id, title, className, children }: Props) {
  return (
    <section className={className ? `card ${className}` : 'card'} aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
