// Worker entry: worker threads do not inherit tsx's loader, so load the TypeScript through its API.
import { tsImport } from 'tsx/esm/api';

await tsImport('./page-server.ts', import.meta.url);
