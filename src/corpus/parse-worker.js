// Worker thread entry for parser-thread.ts. Plain JavaScript: it registers tsx, then loads the TypeScript parser.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./parse-worker-main.ts', import.meta.url).href);
