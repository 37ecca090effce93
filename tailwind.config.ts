/**
 * Tailwind v4 reads its theme from CSS (`app/globals.css`, `@theme`); this file is
 * loaded from there with `@config` and holds the content globs and brand colours.
 */
import type { Config } from 'tailwindcss';

const config: Config = {
  content: ['./app/**/*.{ts,tsx}', './components/**/*.{ts,tsx}'],
  theme: {
    extend: {
      colors: {
        brand: {
          50: '#eef2ff',
          100: '#e0e7ff',
          500: '#6366f1',
          600: '#4f46e5',
          700: '#4338ca',
        },
      },
    },
  },
};

export default config;
