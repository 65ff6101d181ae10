/// <reference lib="dom" />
// The charts' colours come from the VS Code theme (the CSS variables it sets on the page); when the
// theme changes (the body's class or the root's variables), `onThemeChange` calls back so the charts
// are drawn again in the new colours.
import type { ColorName } from './model';

export interface Theme {
  series: Record<ColorName, string>;
  foreground: string;
  grid: string;
  font: string;
}

const FALLBACK: Record<ColorName, string> = { blue: '#3794ff', red: '#f14c4c', yellow: '#cca700', orange: '#d18616', green: '#89d185', purple: '#b180d7' };

function cssVar(style: CSSStyleDeclaration, name: string): string {
  return style.getPropertyValue(name).trim();
}

export function readTheme(): Theme {
  const style = getComputedStyle(document.documentElement);
  const series = { ...FALLBACK };
  for (const name of Object.keys(FALLBACK) as ColorName[]) series[name] = cssVar(style, `--vscode-charts-${name}`) || FALLBACK[name];
  const foreground = cssVar(style, '--vscode-foreground') || '#cccccc';
  const grid = cssVar(style, '--vscode-editorWidget-border') || cssVar(style, '--vscode-panel-border') || 'rgba(128,128,128,0.35)';
  const family = cssVar(style, '--vscode-font-family') || 'sans-serif';
  return { series, foreground, grid, font: `11px ${family}` };
}

/** Calls back (once per change) when the theme changes; returns the observer to disconnect. */
export function onThemeChange(callback: () => void): MutationObserver {
  let pending = false;
  const observer = new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      callback();
    });
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind', 'data-vscode-theme-id'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return observer;
}
