#!/usr/bin/env node
// The command's entry, kept in the repository so that npm links it on install, before the
// first build has made dist/.
require("../dist/cli.js");
