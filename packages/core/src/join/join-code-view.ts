import type { Workshop } from "../model/workshop.ts";

/** The join code as the facilitators' view of the workshop shows it. */
export function joinCodeView(workshop: Pick<Workshop, "joinCode">): {
  enabled: boolean;
  code: string | null;
  createdAt: string | null;
} {
  const joinCode = workshop.joinCode;
  return {
    enabled: joinCode !== undefined,
    code: joinCode?.code ?? null,
    createdAt: joinCode ? new Date(joinCode.createdAt).toISOString() : null,
  };
}
