// The soak: the class scenario under faults and outages, compared with the simulator's truth.
export { type Incident, type IncidentKind, incidentsFor } from "./incidents.ts";
export { runSoak, type SoakOptions, type SoakRun, type TruthEventAt } from "./run-soak.ts";
