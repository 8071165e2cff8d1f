// A loopback TCP server that accepts connections and never answers: a stopped DynamoDB or a
// black-holed ELBv2 endpoint, as the client sees it.
import { createServer, type Socket } from "node:net";

export interface StalledEndpoint {
  endpoint: string;
  /** Resolves once a request has arrived (and will never be answered). */
  requested: Promise<void>;
  close(): Promise<void>;
}

export async function startStalledEndpoint(): Promise<StalledEndpoint> {
  const sockets = new Set<Socket>();
  let arrived = () => {};
  const requested = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("data", () => arrived());
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requested,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
