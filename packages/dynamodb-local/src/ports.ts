import { createServer } from "node:net";
import { PortInUseError } from "./errors.ts";

/**
 * Asks the operating system for a free port on 127.0.0.1, where Java will bind it (and where
 * tests start whatever else needs a port of its own).
 */
export function findFreePort(): Promise<number> {
  return new Promise((settle, fail) => {
    const server = createServer();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === "object") settle(address.port);
        else fail(new Error("DynamoDB Local: the operating system gave no free port"));
      });
    });
  });
}

/** Fails with {@link PortInUseError} when `port` on 127.0.0.1 is taken. */
export function assertPortFree(port: number): Promise<void> {
  return new Promise((settle, fail) => {
    const server = createServer();
    server.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") fail(new PortInUseError(port));
      else fail(new Error(`DynamoDB Local cannot listen on port ${port}: ${error.message}`));
    });
    server.listen(port, "127.0.0.1", () => server.close(() => settle()));
  });
}
