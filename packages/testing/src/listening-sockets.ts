import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/** A TCP socket in the LISTEN state, as /proc/net/tcp{,6} show it. */
export interface ListeningSocket {
  /** The local address in the usual notation: `127.0.0.1`, `0.0.0.0`, `::`, `::ffff:127.0.0.1`. */
  address: string;
  port: number;
  inode: string;
}

/** The kernel's TCP state number for LISTEN. */
const LISTEN = "0A";

/** Every listening TCP socket of this machine's network namespace, IPv4 and IPv6. */
export function listeningSockets(): ListeningSocket[] {
  return [...readTable("/proc/net/tcp", decodeIpv4), ...readTable("/proc/net/tcp6", decodeIpv6)];
}

/** The socket inodes a process holds open (its fds that are `socket:[inode]`); empty once it is gone. */
export function socketInodesOf(pid: number): string[] {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  return fds.flatMap((fd) => {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      return match?.[1] ? [match[1]] : [];
    } catch {
      return [];
    }
  });
}

/** Whether a listening address accepts connections from this machine only. */
export function isLoopback(address: string): boolean {
  return address === "::1" || /^(::ffff:)?127\./.test(address);
}

function readTable(path: string, decode: (hex: string) => string): ListeningSocket[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return [];
  }
  // "sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …"
  return text
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[3] === LISTEN)
    .map((fields) => {
      const [address = "", port = ""] = (fields[1] ?? "").split(":");
      return { address: decode(address), port: Number.parseInt(port, 16), inode: fields[9] ?? "" };
    });
}

/** /proc writes an IPv4 address as one little-endian 32-bit word in hex. */
function decodeIpv4(hex: string): string {
  const bytes = (hex.match(/../g) ?? []).map((byte) => Number.parseInt(byte, 16));
  return bytes.reverse().join(".");
}

/** /proc writes an IPv6 address as four little-endian 32-bit words in hex. */
function decodeIpv6(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) => (word.match(/../g) ?? []).reverse());
  if (bytes.slice(0, 10).every((b) => b === "00") && bytes[10] === "ff" && bytes[11] === "ff") {
    return `::ffff:${bytes
      .slice(12)
      .map((b) => Number.parseInt(b, 16))
      .join(".")}`;
  }
  const groups = (bytes.join("").match(/.{4}/g) ?? []).map((group) =>
    Number.parseInt(group, 16).toString(16),
  );
  const full = groups.join(":");
  // The two addresses that matter here, written the short way; others stay written out in full.
  if (full === "0:0:0:0:0:0:0:0") return "::";
  if (full === "0:0:0:0:0:0:0:1") return "::1";
  return full;
}
