import type { KeyboardEvent, MouseEvent } from 'react';

/**
 * Keyboard and mouse behaviour of a clickable table row: Enter (or a click) opens it, arrow keys move between
 * rows, Home/End jump to the first/last. A click on a link or button inside the row is left to that element.
 */
export function rowHandlers(open: () => void) {
  return {
    tabIndex: 0,
    onClick: (event: MouseEvent<HTMLElement>) => {
      if ((event.target as HTMLElement).closest('a, button, input, select')) return;
      open();
    },
    onKeyDown: (event: KeyboardEvent<HTMLElement>) => {
      const row = event.currentTarget;
      if (event.target !== row) return;
      const focus = (target: Element | null | undefined) => {
        if (target instanceof HTMLElement) {
          event.preventDefault();
          target.focus();
        }
      };
      const rows = () => Array.from(row.parentElement?.querySelectorAll<HTMLElement>(':scope > [tabindex]') ?? []);
      switch (event.key) {
        case 'Enter':
          event.preventDefault();
          open();
          break;
        case 'ArrowDown':
          focus(row.nextElementSibling);
          break;
        case 'ArrowUp':
          focus(row.previousElementSibling);
          break;
        case 'Home':
          focus(rows()[0]);
          break;
        case 'End':
          focus(rows().at(-1));
          break;
      }
    },
  };
}
