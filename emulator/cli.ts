#!/usr/bin/env node
// The `cloudrun-emulator` bin entry (package.json "bin"); the CLI itself is cli/main.ts.
import "./cli/main";
