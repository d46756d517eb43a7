// The hushlog CLI as the test suite runs it: the real entry point, with the cheap test-only Argon2id allowed, so
// each test's store opens in milliseconds. The `hushlog` command (src/cli/main.ts) refuses HUSHLOG_KDF=fast.
import { main } from "../../src/cli/main.ts";
import { allowTestingKdf } from "../../src/cli/secrets.ts";

allowTestingKdf();
await main();
