import { ingestCommand } from '../src/cli/ingest.js';
import { runCli } from '../src/cli/run.js';

await runCli(ingestCommand);
