#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so the installed command never lags behind a build step.
require('tsx/cjs');
require('../bot/cli/main.ts');
