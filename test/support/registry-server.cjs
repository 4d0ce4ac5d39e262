// A Verdaccio registry for the release tests, in a process of its own: reads its configuration
// (JSON) from the file named on the command line, listens on 127.0.0.1 on a free port, prints
// its URL on the first line of stdout, and stops on SIGTERM.
const { readFileSync } = require("node:fs");
const { runServer } = require("verdaccio");

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
runServer(config).then(
  (server) => {
    server.listen(0, "127.0.0.1", () => console.log(`http://127.0.0.1:${server.address().port}/`));
    process.on("SIGTERM", () => {
      server.close(() => process.exit(0));
      server.closeAllConnections();
    });
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
