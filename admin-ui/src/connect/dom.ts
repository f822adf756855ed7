/** A very small element builder for the Connect pages (no framework: the pages stay a few kilobytes). */
export type Child = Node | string | number | null | undefined | false;
type Props = Record<string, unknown> & { class?: string; testid?: string };

/** An attribute's text: only strings, numbers and booleans are written as attributes. */
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null = null, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = text(value);
    else if (key === 'testid') el.dataset.testid = text(value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value as EventListener);
    else if (key === 'value' || key === 'checked' || key === 'disabled') (el as unknown as Record<string, unknown>)[key] = value;
    else el.setAttribute(key === 'htmlFor' ? 'for' : key, value === true ? '' : text(value));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** A labelled input; returns the wrapper and the input. */
export function field(label: string, input: HTMLInputElement, hint?: string): HTMLElement {
  if (!input.id) input.id = 'f-' + Math.random().toString(36).slice(2, 9);
  return h('div', { class: 'field' }, h('label', { htmlFor: input.id }, label), input, hint ? h('p', { class: 'hint' }, hint) : null);
}

export function mount(root: HTMLElement, ...children: Child[]): void {
  root.replaceChildren(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false).map((c) => (c instanceof Node ? c : document.createTextNode(String(c)))));
}
