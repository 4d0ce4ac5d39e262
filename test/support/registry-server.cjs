// A Verdaccio registry for the release tests, in a process of its own: reads its configuration
// (JSON) from the file named on the command line, listens on 127.0.0.1 on a free port, prints
// its URL on the first line of stdout, and stops on SIGTERM or when its stdin closes (so it
// never outlives the test that started it, however that test ends).
const { readFileSync } = require("node:fs");
const { runServer } = require("verdaccio");

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
runServer(config).then(
  (server) => {
    server.listen(0, "127.0.0.1", () => console.log(`http://127.0.0.1:${server.address().port}/`));
    const stop = () => {
      server.close(() => process.exit(0));
      server.closeAllConnections();
    };
    process.on("SIGTERM", stop);
    process.stdin.on("end", stop);
    process.stdin.resume();
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
