import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';

// findBy*/waitFor wait for what the app does next, not for a speed: on a loaded CI machine (2 cores) a render can take
// longer than Testing Library's 1 s default, so a slow machine must not fail a correct page.
configure({ asyncUtilTimeout: 10_000 });

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(() => cleanup());

// jsdom has no matchMedia; uPlot asks it for the pixel ratio when it is imported. Nothing matches, as on a plain screen.
if (typeof window.matchMedia !== 'function') {
  window.matchMedia = (query: string): MediaQueryList =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

// jsdom has no canvas: getContext answers null, as a browser does for a context it cannot give (instead of jsdom's
// "not implemented" error on the console). Charts then show their text summary.
HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
