#!/usr/bin/env node
// Entry point of the `atalaya` command: registers the TypeScript loader and runs the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
